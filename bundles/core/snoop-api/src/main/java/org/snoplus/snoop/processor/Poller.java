package org.snoplus.snoop.processor;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A processor that ignores events and does its work when sampled: disk usage, host load, data
 * flow, external alarms. Implement {@link #sample()} only.
 */
@ConsumerType
public interface Poller extends Processor<Void> {

    @Override
    default Class<Void> eventType() {
        return null;
    }

    @Override
    default void event(Void event) {
        // never called: a poller asks for no events
    }
}

package org.snoplus.snoop.core.internal;

import org.osgi.framework.Version;
import org.snoplus.snoop.processor.Processor;

/**
 * One processor service: the object, the version of the bundle that provides it, and the event
 * type it asked for when it was bound ({@code null}: no events), and its own loops over events.
 */
record Instance(Processor<Object> processor, Version version, String bundle, Class<?> eventType, Delivery delivery) {

    Instance(Processor<Object> processor, Version version, String bundle, Class<?> eventType) {
        this(processor, version, bundle, eventType, Delivery.forInstance());
    }

    /** Whether {@code this} should be live rather than {@code other}: the higher bundle version wins. */
    boolean newerThan(Instance other) {
        return version.compareTo(other.version) > 0;
    }
}

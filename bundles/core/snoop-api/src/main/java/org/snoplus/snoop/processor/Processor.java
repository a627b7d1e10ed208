package org.snoplus.snoop.processor;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A processor sees every event of the types it asks for and is sampled on a period into a
 * document.
 *
 * <p>Register an implementation as an OSGi service (a Declarative Services component) from its own
 * bundle. Its <em>name</em> is the service property {@value #NAME}, or else the component name
 * ({@code component.name}); it is stable across versions: documents carry it, state is handed over
 * under it, and its configuration is the Config Admin PID of the same name ({@code conf/NAME.cfg}).
 *
 * <h2>Threading</h2>
 * The framework never calls {@link #event}, {@link #sample}, {@link #handoff} or {@link #takeover}
 * of one instance at the same time, and it publishes memory between them, so an implementation
 * needs no locks and no volatile fields. Events are delivered in order from one thread; samples may
 * be taken from another.
 *
 * <h2>Failures</h2>
 * Throwing {@link ProcessorAbort} from {@link #event} skips that event for this processor and is
 * counted; the processor stays in the loop. Any other exception is counted as an error; after
 * {@code quarantine.errors} errors within one sample period (configuration of the core, default 10)
 * the processor is quarantined: it gets no more events or samples until a new version of its bundle
 * is deployed or the shell command {@code snoop:enable NAME} is given. A {@link #sample} that does
 * not return within {@code sample.timeout} counts as an error and is reported; the event flow
 * and the other processors carry on.
 *
 * <h2>Upgrades</h2>
 * When a new version of the bundle replaces the old one, the framework calls {@link #handoff} on
 * the old instance after it has stopped sending it events, and {@link #takeover} on the new one
 * before it sends any. Events that arrive in between are held and delivered to the new instance,
 * so an upgrade loses none. The state crosses class loaders, so it must be JSON-compatible data
 * (see {@link #handoff}).
 *
 * <h2>Checkpoints</h2>
 * The framework also calls {@link #handoff} right after every {@link #sample} (still without an
 * {@code event()} in between) and keeps the state in the checkpoint of that sample tick: after a
 * restart, even after a crash, the first instance of the name gets it through {@link #takeover},
 * and the readers go on from where that state stopped counting. It is also the state a successor
 * gets when this instance cannot hand over (its {@code event()} or {@code sample()} hangs). So
 * {@code handoff()} must only read the state, never change it.
 *
 * @param <E> the type of events this processor receives
 */
@ConsumerType
public interface Processor<E> {

    /** Service property naming the processor, when it should differ from the component name. */
    String NAME = "snoop.processor.name";

    /**
     * The class of the events this processor receives; events of other types are not delivered.
     * {@code Object.class} receives everything; {@code null} receives nothing (see {@link Poller}).
     * Asked once, when the processor is bound.
     */
    Class<E> eventType();

    /**
     * Called for every event of {@link #eventType()}, in order. This is the hot path: do not
     * allocate here if you can help it, and do not keep a reference to the event after returning,
     * since readers may reuse event objects.
     *
     * @throws ProcessorAbort to skip this event (counted, the processor stays)
     */
    void event(E event);

    /**
     * Called once per sample period. Returns the body of the sample document: a map of
     * JSON-compatible values ({@code Map}, {@code List}, {@code String}, {@code Number},
     * {@code Boolean}, {@code null}, and primitive arrays), which the framework stamps with the
     * processor's name, the sample time, the window, a sequence number and so on (see
     * {@link org.snoplus.snoop.document.SampleDocument}). Returning {@code null} skips this sample.
     * The framework copies the map before this method's next call, so it may be reused.
     */
    Map<String, Object> sample();

    /**
     * The state to hand to the next instance of this processor (a newer version, the same one
     * reconfigured, or the first one after a restart), as JSON-compatible data: maps, lists,
     * strings, numbers, booleans. Never return an object of the processor's own classes: the
     * successor comes from another class loader. Called after every sample too (see
     * Checkpoints above): it must not change the state. Keep it to what a successor needs: it is
     * copied and written at every sample tick. Returns {@code null} (the default) when there is
     * nothing to hand over.
     */
    default Object handoff() {
        return null;
    }

    /**
     * Receives what the predecessor of the same name returned from {@link #handoff()}, as plain
     * JSON-compatible data ({@code Map<String,Object>}, {@code List<Object>}, {@code String},
     * {@code Long}/{@code Double}/{@code BigInteger}, {@code Boolean}). Called before the first
     * event. The predecessor may be an older or newer version: read defensively. Replace your state
     * with it rather than adding to it: an instance that ran before can be made live again (when
     * a newer version deployed beside it is removed) and then takes over the newer one's state.
     */
    default void takeover(Object state) {
    }
}

package org.snoplus.snoop.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snoplus.snoop.processor.Processor;

/**
 * The loops that hand a batch of events to one processor instance. Each instance gets a class of
 * its own (a hidden copy of {@link DeliveryLoops}, made when the instance is bound), so that the
 * call to {@code event()} in its loop only ever sees one processor class: the compiler inlines
 * the processor into the loop instead of dispatching through the interface for every event (a
 * single shared loop sees every processor class at one call site, which the JIT cannot inline).
 * A copy is unloaded with its instance. When no copy can be made (a restricted runtime) the
 * shared class is used, said once in the log: correct, only slower.
 */
abstract class Delivery {

    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);
    private static final byte[] TEMPLATE = template();
    private static final Delivery SHARED = new DeliveryLoops();
    private static volatile boolean warned;

    /**
     * Calls {@code p.event()} on {@code n} events of {@code events} from {@code index} (wrapping at
     * {@code mask}); answers aborts in the high half, events delivered in the low.
     */
    abstract long everyEvent(EventLoop loop, ProcessorSlot s, Processor<Object> p, Object[] events, int index,
            int n, int mask);

    /** As {@link #everyEvent}, for the events that are instances of {@code type} only. */
    abstract long eventsOfType(EventLoop loop, ProcessorSlot s, Processor<Object> p, Class<?> type, Object[] events,
            int index, int n, int mask);

    /** A copy of the loops for one processor instance. */
    static Delivery forInstance() {
        if (TEMPLATE == null) {
            return SHARED;
        }
        try {
            MethodHandles.Lookup copy = MethodHandles.lookup().defineHiddenClass(TEMPLATE, true);
            return (Delivery) copy.findConstructor(copy.lookupClass(),
                    java.lang.invoke.MethodType.methodType(void.class)).invoke();
        } catch (Throwable e) {
            if (!warned) {
                warned = true;
                LOG.warn("processors share one delivery loop (slower: no inlining of event()): {}", e.toString());
            }
            return SHARED;
        }
    }

    private static byte[] template() {
        try (InputStream in = DeliveryLoops.class.getResourceAsStream("DeliveryLoops.class")) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            return null;
        }
    }
}

package org.snoplus.snoop.core.internal;

import org.snoplus.snoop.processor.Processor;
import org.snoplus.snoop.processor.ProcessorAbort;

/**
 * The template of {@link Delivery}: copied (as a hidden class) for each processor instance. Its
 * loops are kept apart from the loop's bookkeeping ({@code EventLoop.deliver}) so that they
 * stay small and the events stay in locals.
 */
final class DeliveryLoops extends Delivery {

    @Override
    long everyEvent(EventLoop loop, ProcessorSlot s, Processor<Object> p, Object[] events, int index, int n,
            int mask) {
        long aborts = 0;
        int k = 0;
        for (; k < n; k++) {
            try {
                p.event(events[index]);
            } catch (ProcessorAbort a) {
                aborts++;
            } catch (Throwable t) {
                if (loop.failed(s, "event()", t)) {
                    k++;
                    break; // quarantined: the rest of the batch is not its to see
                }
            }
            index = (index + 1) & mask;
        }
        return aborts << 32 | k;
    }

    @Override
    long eventsOfType(EventLoop loop, ProcessorSlot s, Processor<Object> p, Class<?> type, Object[] events,
            int index, int n, int mask) {
        long aborts = 0;
        long delivered = 0;
        for (int k = 0; k < n; k++) {
            Object ev = events[index];
            index = (index + 1) & mask;
            if (type.isInstance(ev)) {
                delivered++;
                try {
                    p.event(ev);
                } catch (ProcessorAbort a) {
                    aborts++;
                } catch (Throwable t) {
                    if (loop.failed(s, "event()", t)) {
                        break;
                    }
                }
            }
        }
        return aborts << 32 | delivered;
    }
}

package org.snoplus.snoop.core.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertTrue;

import java.util.Map;

import org.junit.Test;
import org.snoplus.snoop.processor.Processor;
import org.snoplus.snoop.processor.ProcessorAbort;

/** Each processor instance gets loops of its own class, which deliver as the shared ones would. */
public class DeliveryTest {

    static final class Counting implements Processor<Object> {
        long seen;
        long strings;

        public Class<Object> eventType() {
            return Object.class;
        }

        public void event(Object e) {
            seen++;
            if (e instanceof String) {
                strings++;
            }
            if (Integer.valueOf(3).equals(e)) {
                throw new ProcessorAbort("skip 3");
            }
        }

        public Map<String, Object> sample() {
            return Map.of();
        }
    }

    @Test
    public void everyInstanceHasItsOwnHiddenCopy() {
        Delivery a = Delivery.forInstance();
        Delivery b = Delivery.forInstance();
        assertNotSame(a.getClass(), b.getClass());
        assertTrue(a.getClass().isHidden());
        assertTrue(b.getClass().isHidden());
        assertTrue(a instanceof Delivery);
    }

    @Test
    public void theLoopsWrapAroundTheRingAndCountAborts() {
        Object[] ring = new Object[8];
        for (int i = 0; i < ring.length; i++) {
            ring[i] = i % 2 == 0 ? Integer.valueOf(i) : "s" + i;
        }
        Counting p = new Counting();
        Delivery d = Delivery.forInstance();
        // from slot 6, 6 events: 6, s7, 0, s1, 2, s3
        long r = d.everyEvent(null, null, p, ring, 6, 6, 7);
        assertEquals(6, (int) r);
        assertEquals(0, r >>> 32);
        assertEquals(6, p.seen);
        assertEquals(3, p.strings);
        // the Integers only, over the whole ring: 0, 2, 4, 6, one of which... none is 3; then with 3 in it
        ring[3] = Integer.valueOf(3);
        Counting q = new Counting();
        long t = d.eventsOfType(null, null, q, Integer.class, ring, 0, 8, 7);
        assertEquals(5, (int) t);
        assertEquals(1, t >>> 32);
        assertEquals(5, q.seen);
        assertEquals(0, q.strings);
    }
}

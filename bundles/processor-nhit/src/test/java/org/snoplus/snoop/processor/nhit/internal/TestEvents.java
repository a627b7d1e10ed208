package org.snoplus.snoop.processor.nhit.internal;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.snoplus.snoop.sno.Channels;
import org.snoplus.snoop.sno.PmtEvent;

/** Hand-built events, the framework's handoff copy, and an allocation meter. */
final class TestEvents {

    static final String DEMO_ZDAB = "../../../shared/data/zdab/Demo_Events.zdab";

    private TestEvents() {
    }

    /**
     * An event with {@code pmtHits} hits on PMT channels 0, 1, 2... and {@code fecdHits} on the
     * FEC/D card (crate 17, card 15), which NHIT must leave out.
     */
    static PmtEvent event(int run, int gtid, int triggerWord, long clock10, int pmtHits, int fecdHits) {
        PmtEvent ev = new PmtEvent(pmtHits + fecdHits);
        ev.header(run, 0, gtid, gtid, triggerWord, 0, clock10, clock10 * 5);
        for (int i = 0; i < pmtHits; i++) {
            ev.addHit(i, 0, 500, 500, 500, 2700, 0);
        }
        for (int i = 0; i < fecdHits; i++) {
            ev.addHit(Channels.lcn(Channels.FECD_CRATE, Channels.FECD_CARD, i), 0, 500, 500, 500, 3500, 0);
        }
        return ev;
    }

    /** An orphan: GTID 0, trigger word 0, clocks 0. */
    static PmtEvent orphan(int run, int hits) {
        return event(run, 0, 0, 0, hits, 0);
    }

    /**
     * What the core does to handed-over state (JsonValues.copyForHandoff in snoop-core): a deep copy
     * into maps, lists, Long, Double, String, Boolean; arrays become lists, ints become longs.
     */
    static Object handoffCopy(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Double) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), handoffCopy(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            l.forEach(x -> out.add(handoffCopy(x)));
            return out;
        }
        if (v.getClass().isArray()) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < Array.getLength(v); i++) {
                out.add(handoffCopy(Array.get(v, i)));
            }
            return out;
        }
        throw new AssertionError("not JSON-compatible handoff state: " + v.getClass().getName());
    }

    /** Bytes allocated by this thread so far. */
    static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }
}

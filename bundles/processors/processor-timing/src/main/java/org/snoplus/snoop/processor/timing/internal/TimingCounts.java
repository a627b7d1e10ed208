package org.snoplus.snoop.processor.timing.internal;

import static org.snoplus.snoop.processor.support.StateValues.count;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.snoplus.snoop.processor.support.StateValues;
import org.snoplus.snoop.sno.SnoShapes;
import org.snoplus.snoop.sno.Channels;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.stats.Precision;

/** The counters of the sample window. Plain arrays: the processor adds to them directly. */
final class TimingCounts {

    // counters
    static final int EVENTS = 0;
    static final int ORPHANS = 1;
    static final int PAIRS = 2;
    static final int DISAGREEMENTS = 3;
    static final int CLOSE = 4;
    static final int ELAPSED10 = 5;
    static final int ELAPSED50 = 6;
    static final int BACKWARD10 = 7;
    static final int BACKWARD50 = 8;
    static final int SKIPS = 9;
    static final int MISSING = 10;
    static final int REPEATS = 11;
    static final int WRAPS = 12;
    static final int GTID_BACKWARD = 13;
    static final int MTC_ERROR_EVENTS = 14;
    /** Names in the handoff state, by index. */
    static final String[] COUNTERS = {"events", "orphans", "pairs", "disagreements", "close", "elapsed10.ns",
        "elapsed50.ns", "backward10", "backward50", "skips", "missing", "repeats", "wraps", "gtid.backward",
        "mtc.error.events"};

    /** The hit flags counted, and their names. */
    static final int[] FLAGS = {PmtEvent.HIT_CGT_ES16, PmtEvent.HIT_CGT_ES24, PmtEvent.HIT_CMOS_ES16,
        PmtEvent.HIT_LGI_SELECT, PmtEvent.HIT_MISSED};
    static final String[] FLAG_NAMES = {"cgt.es16", "cgt.es24", "cmos.es16", "lgi.select", "missed"};
    static final int FLAG_MASK = PmtEvent.HIT_CGT_ES16 | PmtEvent.HIT_CGT_ES24 | PmtEvent.HIT_CMOS_ES16
            | PmtEvent.HIT_LGI_SELECT | PmtEvent.HIT_MISSED;

    /** The MTC/D error and status bits, from bit 0 of {@link PmtEvent#triggerErrors()}. */
    static final String[] MTC_ERRORS = {"TestGT", "Test50", "Test10", "TestMem1", "TestMem2", "SynClr16",
        "SynClr16woTC16", "SynClr24", "SynClr24woTC24", "FIFOsNotAllEmpty", "FIFOsNotAllFull", "FIFOsAllFull",
        "Unused1", "Unused2", "Unused3"};
    static final int MTC_ERROR_MASK = (1 << MTC_ERRORS.length) - 1;

    final long[] counters = new long[COUNTERS.length];
    /** Hits with flag {@code k} on crate {@code c} at {@code 19·k + c}. */
    final long[] flagHits = new long[FLAGS.length * Channels.CRATES];
    /** Events with a hit with flag {@code k} on crate {@code c}, at {@code 19·k + c}. */
    final long[] flagCrateEvents = new long[FLAGS.length * Channels.CRATES];
    /** Events with a hit with flag {@code k} anywhere. */
    final long[] flagEvents = new long[FLAGS.length];
    final long[] mtcErrors = new long[MTC_ERRORS.length];

    void clear() {
        Arrays.fill(counters, 0);
        Arrays.fill(flagHits, 0);
        Arrays.fill(flagCrateEvents, 0);
        Arrays.fill(flagEvents, 0);
        Arrays.fill(mtcErrors, 0);
    }

    /** The horizon's part of the document. */
    Map<String, Object> report() {
        long[] c = counters;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("events", c[EVENTS]);
        m.put("orphans", c[ORPHANS]);

        Map<String, Object> clock = new LinkedHashMap<>();
        clock.put("pairs", c[PAIRS]);
        clock.put("disagreements", c[DISAGREEMENTS]);
        clock.put("close", c[CLOSE]);
        clock.put("elapsed10.ns", c[ELAPSED10]);
        clock.put("elapsed50.ns", c[ELAPSED50]);
        clock.put("drift.ppm", c[ELAPSED10] > 0
                ? (Object) Precision.round((double) (c[ELAPSED50] - c[ELAPSED10]) / c[ELAPSED10] * 1e6) : null);
        clock.put("backward10", c[BACKWARD10]);
        clock.put("backward50", c[BACKWARD50]);
        m.put("clock", clock);

        Map<String, Object> gtid = new LinkedHashMap<>();
        gtid.put("skips", c[SKIPS]);
        gtid.put("missing", c[MISSING]);
        gtid.put("repeats", c[REPEATS]);
        gtid.put("wraps", c[WRAPS]);
        gtid.put("backward", c[GTID_BACKWARD]);
        m.put("gtid", gtid);

        Map<String, Object> flags = new LinkedHashMap<>();
        for (int k = 0; k < FLAGS.length; k++) {
            long[] hits = Arrays.copyOfRange(flagHits, k * Channels.CRATES, (k + 1) * Channels.CRATES);
            long[] events = Arrays.copyOfRange(flagCrateEvents, k * Channels.CRATES, (k + 1) * Channels.CRATES);
            long totalHits = 0;
            for (long h : hits) {
                totalHits += h;
            }
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("events", flagEvents[k]);
            f.put("hits", totalHits);
            f.put("events.crates", SnoShapes.crates(events));
            f.put("hits.crates", SnoShapes.crates(hits));
            flags.put(FLAG_NAMES[k], f);
        }
        m.put("flags", flags);

        Map<String, Object> mtc = new LinkedHashMap<>();
        mtc.put("events", c[MTC_ERROR_EVENTS]);
        Map<String, Object> bits = new LinkedHashMap<>();
        for (int b = 0; b < MTC_ERRORS.length; b++) {
            bits.put(MTC_ERRORS[b], mtcErrors[b]);
        }
        mtc.put("bits", bits);
        m.put("mtc.errors", mtc);
        return m;
    }

    /** Handoff state: everything by name. */
    Map<String, Object> toState() {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> c = new LinkedHashMap<>();
        for (int i = 0; i < COUNTERS.length; i++) {
            c.put(COUNTERS[i], counters[i]);
        }
        m.put("counters", c);
        Map<String, Object> flags = new LinkedHashMap<>();
        for (int k = 0; k < FLAGS.length; k++) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("events", flagEvents[k]);
            f.put("hits.crates", Arrays.copyOfRange(flagHits, k * Channels.CRATES, (k + 1) * Channels.CRATES));
            f.put("events.crates",
                    Arrays.copyOfRange(flagCrateEvents, k * Channels.CRATES, (k + 1) * Channels.CRATES));
            flags.put(FLAG_NAMES[k], f);
        }
        m.put("flags", flags);
        Map<String, Object> mtc = new LinkedHashMap<>();
        for (int b = 0; b < MTC_ERRORS.length; b++) {
            mtc.put(MTC_ERRORS[b], mtcErrors[b]);
        }
        m.put("mtc.errors", mtc);
        return m;
    }

    /** Replaces the counts with those of {@link #toState()}; what is missing or not understood is 0. */
    void restore(Object state) {
        clear();
        if (!(state instanceof Map<?, ?> m)) {
            return;
        }
        if (m.get("counters") instanceof Map<?, ?> c) {
            for (int i = 0; i < COUNTERS.length; i++) {
                counters[i] = c.get(COUNTERS[i]) instanceof Number n ? n.longValue() : 0;
            }
            // elapsed times may be negative (clocks that went back); counts may not
            for (int i = 0; i < COUNTERS.length; i++) {
                if (i != ELAPSED10 && i != ELAPSED50 && counters[i] < 0) {
                    counters[i] = 0;
                }
            }
        }
        if (m.get("flags") instanceof Map<?, ?> flags) {
            for (int k = 0; k < FLAGS.length; k++) {
                if (flags.get(FLAG_NAMES[k]) instanceof Map<?, ?> f) {
                    flagEvents[k] = count(f.get("events"));
                    crates(f.get("hits.crates"), flagHits, k * Channels.CRATES);
                    crates(f.get("events.crates"), flagCrateEvents, k * Channels.CRATES);
                }
            }
        }
        if (m.get("mtc.errors") instanceof Map<?, ?> mtc) {
            for (int b = 0; b < MTC_ERRORS.length; b++) {
                mtcErrors[b] = count(mtc.get(MTC_ERRORS[b]));
            }
        }
    }

    private static void crates(Object v, long[] into, int from) {
        long[] crates = new long[Channels.CRATES];
        if (StateValues.counts(v, crates)) {
            System.arraycopy(crates, 0, into, from, crates.length);
        }
    }
}

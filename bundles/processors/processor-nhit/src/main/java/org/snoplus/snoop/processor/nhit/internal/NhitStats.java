package org.snoplus.snoop.processor.nhit.internal;

import static org.snoplus.snoop.processor.support.StateValues.count;

import java.util.LinkedHashMap;
import java.util.Map;

import org.snoplus.snoop.stats.Histogram;
import org.snoplus.snoop.stats.Moments;

/** The NHIT of a set of events: moments, counts below and above the threshold, a histogram. */
final class NhitStats {

    private final Moments moments = new Moments();
    private final Histogram histogram;
    private long below;
    private long above;

    NhitStats(int bins, int max) {
        histogram = new Histogram(bins, 0, max);
    }

    void fill(int nhit, int threshold) {
        moments.add(nhit);
        histogram.fill(nhit);
        if (nhit < threshold) {
            below++;
        } else {
            above++;
        }
    }

    void reset() {
        moments.reset();
        histogram.reset();
        below = 0;
        above = 0;
    }

    /** {@code events, nhit (moments), below, above, hist}. */
    Map<String, Object> toDocument() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("events", moments.count());
        m.put("nhit", moments.toShape());
        m.put("below", below);
        m.put("above", above);
        m.put("hist", histogram.toShape());
        return m;
    }

    Map<String, Object> toState() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("moments", moments.toState());
        m.put("below", below);
        m.put("above", above);
        m.put("hist", histogram.toState());
        return m;
    }

    /**
     * Replaces this state with a predecessor's. The histogram is taken only if its binning is the
     * same, the counts below and above only if they were made with the same threshold: each is
     * otherwise left empty, and the rest is taken.
     */
    void restore(Object state, boolean sameThreshold) {
        reset();
        if (!(state instanceof Map<?, ?> m)) {
            return;
        }
        moments.restore(m.get("moments"));
        histogram.restore(m.get("hist"));
        if (sameThreshold) {
            below = count(m.get("below"));
            above = count(m.get("above"));
        }
    }

    long events() {
        return moments.count();
    }

    long below() {
        return below;
    }

    long above() {
        return above;
    }

    Histogram histogram() {
        return histogram;
    }
}

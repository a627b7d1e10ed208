package org.snoplus.snoop.processor.nhit.internal;

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

    /** {@code events, mean, rms, below, above, hist}; mean and RMS are null without events. */
    Map<String, Object> toDocument() {
        long n = moments.count();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("events", n);
        m.put("mean", n > 0 ? moments.mean() : null);
        m.put("rms", n > 0 ? moments.rms() : null);
        m.put("below", below);
        m.put("above", above);
        m.put("hist", histogram.toShape());
        return m;
    }

    /** The document's values with {@code suffix} on their names, into {@code doc}. */
    void toDocument(Map<String, Object> doc, String suffix) {
        toDocument().forEach((k, v) -> doc.put(k + suffix, v));
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

    private static long count(Object v) {
        return v instanceof Number n ? Math.max(0, n.longValue()) : 0;
    }
}

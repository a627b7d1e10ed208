package org.snoplus.snoop.stats;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.snoplus.snoop.document.Shapes;

/**
 * A histogram of {@code bins} equal bins over {@code [low, high)}, with under- and overflow.
 * {@link #fill} allocates nothing. Not thread-safe: a processor's own calls never overlap.
 */
public final class Histogram {

    private final double low;
    private final double high;
    private final double scale;
    private final long[] counts;
    private long underflow;
    private long overflow;

    public Histogram(int bins, double low, double high) {
        if (bins < 1) {
            throw new IllegalArgumentException("a histogram needs at least one bin, not " + bins);
        }
        if (!(high > low)) {
            throw new IllegalArgumentException("histogram range [" + low + ", " + high + ") is empty");
        }
        this.low = low;
        this.high = high;
        this.scale = bins / (high - low);
        this.counts = new long[bins];
    }

    public void fill(double x) {
        if (x < low) {
            underflow++;
        } else if (x >= high) {
            overflow++;
        } else {
            // the multiplication can round up to the number of bins just below high
            counts[Math.min((int) ((x - low) * scale), counts.length - 1)]++;
        }
    }

    /** Adds {@code n} entries at {@code x}. */
    public void fill(double x, long n) {
        if (x < low) {
            underflow += n;
        } else if (x >= high) {
            overflow += n;
        } else {
            counts[Math.min((int) ((x - low) * scale), counts.length - 1)] += n;
        }
    }

    public int bins() {
        return counts.length;
    }

    public double low() {
        return low;
    }

    public double high() {
        return high;
    }

    /** The count of bin {@code i}. */
    public long count(int i) {
        return counts[i];
    }

    public long underflow() {
        return underflow;
    }

    public long overflow() {
        return overflow;
    }

    /** All fills, under- and overflow included. */
    public long entries() {
        long e = underflow + overflow;
        for (long c : counts) {
            e += c;
        }
        return e;
    }

    public void reset() {
        Arrays.fill(counts, 0);
        underflow = 0;
        overflow = 0;
    }

    /** Adds another histogram of the same binning. */
    public void add(Histogram other) {
        if (other.counts.length != counts.length || other.low != low || other.high != high) {
            throw new IllegalArgumentException("cannot add histograms of different binning");
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        underflow += other.underflow;
        overflow += other.overflow;
    }

    /** The bin edges, {@code bins + 1} values. */
    public double[] edges() {
        double[] e = new double[counts.length + 1];
        for (int i = 0; i <= counts.length; i++) {
            e[i] = low + i / scale;
        }
        e[counts.length] = high;
        return e;
    }

    /** The {@link Shapes#histogram} document value (a copy of the counts). */
    public Map<String, Object> toShape() {
        return Shapes.histogram(edges(), counts.clone(), underflow, overflow);
    }

    /** Handoff state: the binning and the counts, as JSON-compatible data. */
    public Map<String, Object> toState() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("bins", counts.length);
        m.put("low", low);
        m.put("high", high);
        m.put("counts", counts.clone());
        m.put("underflow", underflow);
        m.put("overflow", overflow);
        return m;
    }

    /**
     * Restores counts from {@link #toState()} of a predecessor, if its binning is the same;
     * returns false (and leaves this histogram empty) when the binning changed or the state is not
     * a histogram's.
     */
    public boolean restore(Object state) {
        reset();
        if (!(state instanceof Map<?, ?> m)) {
            return false;
        }
        if (!(m.get("bins") instanceof Number b) || b.intValue() != counts.length
                || !(m.get("low") instanceof Number l) || l.doubleValue() != low
                || !(m.get("high") instanceof Number h) || h.doubleValue() != high
                || !(m.get("counts") instanceof List<?> c) || c.size() != counts.length) {
            return false;
        }
        for (int i = 0; i < counts.length; i++) {
            counts[i] = c.get(i) instanceof Number n ? n.longValue() : 0;
        }
        underflow = m.get("underflow") instanceof Number u ? u.longValue() : 0;
        overflow = m.get("overflow") instanceof Number o ? o.longValue() : 0;
        return true;
    }
}

package org.snoplus.snoop.stats;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Count, mean and RMS of a quantity, from sums (what the old monitoring reported: RMS about the
 * mean, i.e. the standard deviation). {@link #add} allocates nothing.
 */
public final class Moments {

    private long n;
    private double sum;
    private double sumSquares;

    public void add(double x) {
        n++;
        sum += x;
        sumSquares += x * x;
    }

    public long count() {
        return n;
    }

    /** The mean, 0 when empty. */
    public double mean() {
        return n == 0 ? 0 : sum / n;
    }

    /** The RMS about the mean (population standard deviation), 0 when empty. */
    public double rms() {
        if (n == 0) {
            return 0;
        }
        double m = sum / n;
        return Math.sqrt(Math.max(0, sumSquares / n - m * m));
    }

    public void reset() {
        n = 0;
        sum = 0;
        sumSquares = 0;
    }

    public void add(Moments other) {
        n += other.n;
        sum += other.sum;
        sumSquares += other.sumSquares;
    }

    /**
     * The {@link org.snoplus.snoop.document.Shapes#moments} document value, mean and RMS with
     * {@link Precision#DIGITS} significant digits: windows of it merge exactly over a range.
     */
    public Map<String, Object> toShape() {
        return org.snoplus.snoop.document.Shapes.moments(n, Precision.round(mean()), Precision.round(rms()));
    }

    /** {@code {"count", "mean", "rms"}} for a document. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("count", n);
        m.put("mean", mean());
        m.put("rms", rms());
        return m;
    }

    /** Handoff state. */
    public Map<String, Object> toState() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", n);
        m.put("sum", sum);
        m.put("sumSquares", sumSquares);
        return m;
    }

    /** Restores from {@link #toState()}; false (and empty) if the state is not a Moments'. */
    public boolean restore(Object state) {
        reset();
        if (state instanceof Map<?, ?> m && m.get("n") instanceof Number c && m.get("sum") instanceof Number s
                && m.get("sumSquares") instanceof Number q) {
            n = c.longValue();
            sum = s.doubleValue();
            sumSquares = q.doubleValue();
            return true;
        }
        return false;
    }
}

package org.snoplus.snoop.stats;

import java.lang.reflect.Array;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.snoplus.snoop.document.Shapes;

/**
 * Merges the values of one field of many documents of a processor into one value, by their
 * {@link Shapes}: what the query service answers for a time range or a run, and what a store's
 * consolidation keeps of old windows. Values are added one document at a time, in any order;
 * memory is one value's worth, whatever the number of documents.
 *
 * <table>
 * <caption>The rules</caption>
 * <tr><th>value</th><th>merged</th></tr>
 * <tr><td>histogram</td><td>a histogram: counts, underflow and overflow summed. The edges must be
 * the same in every document.</td></tr>
 * <tr><td>indexed values ({@code channels}, {@code cards}, {@code crates}...) and plain arrays of
 * numbers</td><td>integers (counts): summed element by element; floating point (measured values):
 * the mean over time, element by element. The length must be the same in every document.</td></tr>
 * <tr><td>moments</td><td>moments of all the values: counts summed, mean and RMS
 * combined exactly.</td></tr>
 * <tr><td>a number</td><td>{@code {"shape": "merged", "count", "sum", "mean", "min", "max"}}:
 * {@code count} documents had it; {@code sum}, {@code min}, {@code max} (integers when every value
 * was one; {@code sum} is what a count over the range is); {@code mean} over time. Merged values
 * merge again the same way.</td></tr>
 * <tr><td>an object without a shape</td><td>merged key by key.</td></tr>
 * <tr><td>text, booleans, tables, other lists</td><td>the value of the newest document
 * (the one added with the latest time).</td></tr>
 * </table>
 *
 * <p>"Over time" means that each document's value weighs as much as its window is long: the mean
 * of a rate is then the rate over the whole range (a window without events counts, with its 0),
 * as an RRD's average is. Per-event quantities (a mean NHIT) are published as moments, which merge
 * exactly whatever the events per window.
 *
 * <p>A value that cannot be merged with the ones before it — another shape, histogram edges or an
 * array length that changed, counts in some documents and measured values in others — is refused
 * by a <em>strict</em> merger with an {@link IllegalArgumentException} naming the field and the
 * times of both documents; a lenient one (consolidation, which must keep something) starts again
 * from the newer value. Not thread-safe.
 */
public final class Merger {

    private final String field;
    private final boolean strict;
    private Acc acc;
    private long documents;

    /**
     * @param field the field's path, for messages ({@code data.channels})
     * @param strict whether a value that does not merge with the others is an error (otherwise the
     *        newest value wins)
     */
    public Merger(String field, boolean strict) {
        this.field = field;
        this.strict = strict;
    }

    /**
     * Adds the value of one document.
     *
     * @param value the field's value in the document; null (the document lacks it) is skipped
     * @param weight the document's window length, ms (a window of no length weighs 1)
     * @param time the document's sample time, for the newest value and for messages
     * @throws IllegalArgumentException (strict only) if the value does not merge with those before
     */
    public void add(Object value, long weight, long time) {
        if (value == null) {
            return;
        }
        documents++;
        double w = Math.max(1, weight);
        if (acc == null) {
            acc = start(value, field, time);
        }
        acc = acc.merge(value, w, time, this);
    }

    /** The documents that had a value. */
    public long documents() {
        return documents;
    }

    /** The merged value; null if no document had one. */
    public Object result() {
        return acc == null ? null : acc.result();
    }

    // --------------------------------------------------------------------------------------------

    /** An accumulator for one kind of value at one path. */
    private abstract static class Acc {
        final String path;
        long newest = Long.MIN_VALUE;
        long firstTime;

        Acc(String path, long time) {
            this.path = path;
            this.firstTime = time;
        }

        /** Merges {@code v}; returns the accumulator to use from now on (another one if the kind changed). */
        Acc merge(Object v, double w, long time, Merger m) {
            if (!accepts(v)) {
                return m.conflict(this, v, w, time, kind() + " and " + m.kindOf(v));
            }
            try {
                add(v, w, time);
            } catch (Mismatch e) {
                return m.conflict(this, v, w, time, e.getMessage());
            }
            newest = Math.max(newest, time);
            return this;
        }

        abstract boolean accepts(Object v);

        abstract void add(Object v, double w, long time) throws Mismatch;

        abstract Object result();

        abstract String kind();
    }

    /** Why a value does not merge with the ones before it. */
    private static final class Mismatch extends Exception {
        private static final long serialVersionUID = 1L;

        Mismatch(String message) {
            super(message, null, false, false);
        }
    }

    private Acc conflict(Acc before, Object v, double w, long time, String what) {
        if (strict) {
            throw new IllegalArgumentException(before.path + " cannot be merged: the documents at " + before.firstTime
                    + " and " + time + " differ (" + what + ")");
        }
        // keep the newer form: the older windows' values are given up
        if (time < before.newest) {
            return before;
        }
        Acc fresh = start(v, before.path, time);
        try {
            fresh.add(v, w, time);
        } catch (Mismatch e) {
            throw new IllegalStateException("a fresh accumulator refused its first value", e);
        }
        fresh.newest = time;
        return fresh;
    }

    private Acc start(Object v, String path, long time) {
        if (v instanceof Number || isMerged(v)) {
            return new NumberAcc(path, time);
        }
        if (v instanceof Map<?, ?> map) {
            Object shape = map.get(Shapes.SHAPE);
            if (Shapes.HISTOGRAM.equals(shape)) {
                return new HistogramAcc(path, time);
            }
            if (Shapes.MOMENTS.equals(shape)) {
                return new MomentsAcc(path, time);
            }
            if (shape instanceof String name && !Shapes.TABLE.equals(name) && isNumbers(map.get("values"))) {
                return new ArrayAcc(path, time, name);
            }
            if (shape == null) {
                return new MapAcc(path, time);
            }
            return new LastAcc(path, time);
        }
        if (isNumbers(v)) {
            return new ArrayAcc(path, time, null);
        }
        return new LastAcc(path, time);
    }

    private String kindOf(Object v) {
        return start(v, "", 0).kind();
    }

    // ------------------------------------------------------------------------------ numbers

    private static boolean isMerged(Object v) {
        return v instanceof Map<?, ?> m && Shapes.MERGED.equals(m.get(Shapes.SHAPE));
    }

    private static final class NumberAcc extends Acc {
        long count;
        /** Whether every value so far was an integer, and their sum fits a long. */
        boolean integral = true;
        long longSum;
        double doubleSum;
        double weighted;
        double weight;
        Number min;
        Number max;

        NumberAcc(String path, long time) {
            super(path, time);
        }

        @Override
        boolean accepts(Object v) {
            return v instanceof Number || isMerged(v);
        }

        @Override
        void add(Object v, double w, long time) throws Mismatch {
            if (v instanceof Number n) {
                if (!finite(n)) {
                    return; // not a value: a document that could not say
                }
                count++;
                sum(n);
                weighted += n.doubleValue() * w;
                weight += w;
                extremes(n, n);
                return;
            }
            Map<?, ?> m = (Map<?, ?>) v;
            long c = longOf(m.get("count"));
            if (c == 0) {
                return;
            }
            if (!(m.get("sum") instanceof Number s) || !(m.get("min") instanceof Number lo)
                    || !(m.get("max") instanceof Number hi)) {
                throw new Mismatch("a merged value of " + c + " documents without sum, min and max");
            }
            count += c;
            sum(s);
            if (m.get("mean") instanceof Number mean && Double.isFinite(mean.doubleValue())) {
                weighted += mean.doubleValue() * w;
                weight += w;
            }
            extremes(lo, hi);
        }

        private void sum(Number n) {
            doubleSum += n.doubleValue();
            if (integral) {
                if (isIntegral(n)) {
                    try {
                        longSum = Math.addExact(longSum, n.longValue());
                        return;
                    } catch (ArithmeticException e) {
                        // beyond a long: the sum goes on as a double
                    }
                }
                integral = false;
            }
        }

        private void extremes(Number lo, Number hi) {
            if (!isIntegral(lo) || !isIntegral(hi)) {
                integral = false;
            }
            if (min == null || lo.doubleValue() < min.doubleValue()) {
                min = lo;
            }
            if (max == null || hi.doubleValue() > max.doubleValue()) {
                max = hi;
            }
        }

        @Override
        Object result() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(Shapes.SHAPE, Shapes.MERGED);
            m.put("count", count);
            if (count == 0) {
                m.put("sum", null);
                m.put("mean", null);
                m.put("min", null);
                m.put("max", null);
                return m;
            }
            m.put("sum", integral ? (Object) longSum : (Object) doubleSum);
            m.put("mean", weight > 0 ? weighted / weight : null);
            m.put("min", integral ? (Object) min.longValue() : (Object) min.doubleValue());
            m.put("max", integral ? (Object) max.longValue() : (Object) max.doubleValue());
            return m;
        }

        @Override
        String kind() {
            return "a number";
        }
    }

    // ---------------------------------------------------------------------------- histograms

    private static final class HistogramAcc extends Acc {
        double[] edges;
        long[] counts;
        long underflow;
        long overflow;

        HistogramAcc(String path, long time) {
            super(path, time);
        }

        @Override
        boolean accepts(Object v) {
            return v instanceof Map<?, ?> m && Shapes.HISTOGRAM.equals(m.get(Shapes.SHAPE));
        }

        @Override
        void add(Object v, double w, long time) throws Mismatch {
            Map<?, ?> m = (Map<?, ?>) v;
            Object e = m.get("edges");
            Object c = m.get("counts");
            if (!isNumbers(e) || !isNumbers(c) || length(e) != length(c) + 1) {
                throw new Mismatch("a histogram without edges and counts of matching lengths");
            }
            if (edges == null) {
                edges = new double[length(e)];
                for (int i = 0; i < edges.length; i++) {
                    edges[i] = doubleAt(e, i);
                }
                counts = new long[edges.length - 1];
            } else {
                if (length(e) != edges.length) {
                    throw new Mismatch("histograms of " + counts.length + " and " + (length(e) - 1) + " bins");
                }
                for (int i = 0; i < edges.length; i++) {
                    if (Double.compare(doubleAt(e, i), edges[i]) != 0) {
                        throw new Mismatch("histograms with other edges: edge " + i + " is " + edges[i] + " and "
                                + doubleAt(e, i));
                    }
                }
            }
            addLongs(c, counts);
            underflow += longOf(m.get("underflow"));
            overflow += longOf(m.get("overflow"));
        }

        @Override
        Object result() {
            return Shapes.histogram(edges.clone(), counts.clone(), underflow, overflow);
        }

        @Override
        String kind() {
            return "a histogram";
        }
    }

    // ------------------------------------------------------------------------------- moments

    private static final class MomentsAcc extends Acc {
        long n;
        double s1;
        double s2;

        MomentsAcc(String path, long time) {
            super(path, time);
        }

        @Override
        boolean accepts(Object v) {
            return v instanceof Map<?, ?> m && Shapes.MOMENTS.equals(m.get(Shapes.SHAPE));
        }

        @Override
        void add(Object v, double w, long time) throws Mismatch {
            Map<?, ?> m = (Map<?, ?>) v;
            long c = longOf(m.get("count"));
            if (c <= 0) {
                return;
            }
            if (!(m.get("mean") instanceof Number mean) || !(m.get("rms") instanceof Number rms)) {
                throw new Mismatch("moments of " + c + " values without mean and rms");
            }
            double mu = mean.doubleValue();
            double r = rms.doubleValue();
            n += c;
            s1 += c * mu;
            s2 += c * (r * r + mu * mu);
        }

        @Override
        Object result() {
            if (n == 0) {
                return Shapes.moments(0, 0, 0);
            }
            double mean = s1 / n;
            return Shapes.moments(n, mean, Math.sqrt(Math.max(0, s2 / n - mean * mean)));
        }

        @Override
        String kind() {
            return "moments";
        }
    }

    // -------------------------------------------------------------------------------- arrays

    /** Indexed values ({@code shape} names the index) or, without a shape, a plain array of numbers. */
    private static final class ArrayAcc extends Acc {
        final String shape;
        Boolean integral;
        long[] sums;
        double[] weighted;
        double weight;

        ArrayAcc(String path, long time, String shape) {
            super(path, time);
            this.shape = shape;
        }

        @Override
        boolean accepts(Object v) {
            if (shape == null) {
                return isNumbers(v);
            }
            return v instanceof Map<?, ?> m && shape.equals(m.get(Shapes.SHAPE)) && isNumbers(m.get("values"));
        }

        @Override
        void add(Object v, double w, long time) throws Mismatch {
            Object values = shape == null ? v : ((Map<?, ?>) v).get("values");
            int n = length(values);
            boolean counts = isIntegers(values);
            if (integral == null) {
                integral = counts;
                if (counts) {
                    sums = new long[n];
                } else {
                    weighted = new double[n];
                }
            } else if (integral != counts) {
                throw new Mismatch(integral ? "integer counts and floating-point values"
                        : "floating-point values and integer counts");
            }
            int have = integral ? sums.length : weighted.length;
            if (n != have) {
                throw new Mismatch(have + " values and " + n);
            }
            if (integral) {
                addLongs(values, sums);
            } else {
                for (int i = 0; i < n; i++) {
                    weighted[i] += doubleAt(values, i) * w;
                }
                weight += w;
            }
        }

        @Override
        Object result() {
            Object values;
            if (integral) {
                values = sums.clone();
            } else {
                double[] mean = new double[weighted.length];
                for (int i = 0; i < mean.length; i++) {
                    mean[i] = weighted[i] / weight;
                }
                values = mean;
            }
            return shape == null ? values : Shapes.indexed(shape, values);
        }

        @Override
        String kind() {
            return shape == null ? "an array of numbers" : "values indexed by " + shape;
        }
    }

    // -------------------------------------------------------------------------------- objects

    private final class MapAcc extends Acc {
        final Map<String, Acc> children = new LinkedHashMap<>();

        MapAcc(String path, long time) {
            super(path, time);
        }

        @Override
        boolean accepts(Object v) {
            return v instanceof Map<?, ?> m && m.get(Shapes.SHAPE) == null;
        }

        @Override
        void add(Object v, double w, long time) {
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                Object value = e.getValue();
                if (value == null) {
                    continue;
                }
                String key = String.valueOf(e.getKey());
                Acc child = children.get(key);
                if (child == null) {
                    child = start(value, path + "." + key, time);
                }
                children.put(key, child.merge(value, w, time, Merger.this));
            }
        }

        @Override
        Object result() {
            Map<String, Object> m = new LinkedHashMap<>();
            children.forEach((k, a) -> m.put(k, a.result()));
            return m;
        }

        @Override
        String kind() {
            return "an object";
        }
    }

    /** Text, booleans, tables, lists of anything but numbers: the newest document's value. */
    private final class LastAcc extends Acc {
        Object last;

        LastAcc(String path, long time) {
            super(path, time);
        }

        @Override
        boolean accepts(Object v) {
            return start(v, path, 0) instanceof LastAcc;
        }

        @Override
        void add(Object v, double w, long time) {
            if (time >= newest) {
                last = v;
            }
        }

        @Override
        Object result() {
            return last;
        }

        @Override
        String kind() {
            return "text or another value that is not merged";
        }
    }

    // ------------------------------------------------------------------------ number arrays

    /** A primitive array of numbers or a list of numbers (no nulls). */
    static boolean isNumbers(Object v) {
        if (v instanceof long[] || v instanceof int[] || v instanceof double[] || v instanceof float[]
                || v instanceof short[] || v instanceof byte[]) {
            return true;
        }
        if (v instanceof List<?> list && !list.isEmpty()) {
            for (Object o : list) {
                if (!(o instanceof Number)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private static boolean isIntegers(Object v) {
        if (v instanceof long[] || v instanceof int[] || v instanceof short[] || v instanceof byte[]) {
            return true;
        }
        if (v instanceof List<?> list) {
            for (Object o : list) {
                if (!isIntegral((Number) o)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    private static boolean isIntegral(Number n) {
        return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte
                || n instanceof BigInteger b && b.bitLength() < 64;
    }

    private static boolean finite(Number n) {
        return !(n instanceof Double || n instanceof Float) || Double.isFinite(n.doubleValue());
    }

    private static int length(Object v) {
        return v instanceof List<?> l ? l.size() : Array.getLength(v);
    }

    private static double doubleAt(Object v, int i) {
        if (v instanceof double[] d) {
            return d[i];
        }
        if (v instanceof long[] l) {
            return l[i];
        }
        if (v instanceof List<?> list) {
            return ((Number) list.get(i)).doubleValue();
        }
        return ((Number) Array.get(v, i)).doubleValue();
    }

    /** Adds the integers of {@code v} (of {@code into}'s length) into {@code into}, the hot path of a detector map. */
    private static void addLongs(Object v, long[] into) {
        if (v instanceof long[] a) {
            for (int i = 0; i < into.length; i++) {
                into[i] += a[i];
            }
        } else if (v instanceof int[] a) {
            for (int i = 0; i < into.length; i++) {
                into[i] += a[i];
            }
        } else if (v instanceof List<?> list) {
            for (int i = 0; i < into.length; i++) {
                into[i] += ((Number) list.get(i)).longValue();
            }
        } else {
            for (int i = 0; i < into.length; i++) {
                into[i] += ((Number) Array.get(v, i)).longValue();
            }
        }
    }

    private static long longOf(Object v) {
        return v instanceof Number n ? n.longValue() : 0;
    }

    @Override
    public String toString() {
        return "merger of " + field + " (" + documents + " documents" + (acc == null ? "" : ", " + acc.kind()) + ")";
    }
}

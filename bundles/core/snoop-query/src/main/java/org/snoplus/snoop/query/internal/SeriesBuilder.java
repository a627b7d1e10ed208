package org.snoplus.snoop.query.internal;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.snoplus.snoop.query.Series;

/**
 * Collects the points of a series, in ascending time, and down-samples them when there are more
 * than {@code maxPoints}: the range {@code [from, to)} is cut into {@code maxPoints} equal
 * buckets; a bucket's point has the time of its first document, for each field the mean of its
 * values if they are all numbers (nulls left out), otherwise the value of its last document.
 * Empty buckets have no point.
 *
 * <p>Memory is bounded by {@code maxPoints}: points are kept as they are only until there are
 * more than {@code maxPoints}, buckets are filled all along.
 */
final class SeriesBuilder {

    private final int fields;
    private final long from;
    private final long to;
    private final int maxPoints;

    private long documents;
    private long[] times = new long[64];
    private List<Object[]> values = new ArrayList<>();
    private Bucket[] buckets;

    SeriesBuilder(int fields, long from, long to, int maxPoints) {
        this.fields = fields;
        this.from = from;
        this.to = to;
        this.maxPoints = maxPoints;
    }

    /** Adds the point of a document at {@code time}, with its {@code fields} values. */
    void add(long time, Object[] point) {
        documents++;
        if (values != null) {
            if (maxPoints == 0 || documents <= maxPoints) {
                if (values.size() == times.length) {
                    times = Arrays.copyOf(times, times.length * 2);
                }
                times[values.size()] = time;
                values.add(point);
            } else {
                // too many: only the buckets are wanted now
                times = null;
                values = null;
            }
        }
        if (maxPoints > 0) {
            if (buckets == null) {
                buckets = new Bucket[maxPoints];
            }
            int b = bucket(time);
            Bucket bucket = buckets[b];
            if (bucket == null) {
                bucket = buckets[b] = new Bucket(time, fields);
            }
            bucket.add(point);
        }
    }

    Series build(String name, List<String> fieldNames) {
        if (values != null) {
            return new Series(name, fieldNames, Arrays.copyOf(times, values.size()),
                    Collections.unmodifiableList(values), documents, false);
        }
        int n = 0;
        for (Bucket b : buckets) {
            if (b != null) {
                n++;
            }
        }
        long[] t = new long[n];
        List<Object[]> v = new ArrayList<>(n);
        for (Bucket b : buckets) {
            if (b != null) {
                t[v.size()] = b.time;
                v.add(b.point());
            }
        }
        return new Series(name, fieldNames, t, Collections.unmodifiableList(v), documents, true);
    }

    /** floor((time - from) * maxPoints / (to - from)), exactly, even where the range overflows a long. */
    private int bucket(long time) {
        long offset = time - from;
        long span = to - from;
        long b;
        if (span > 0 && offset >= 0 && offset < Long.MAX_VALUE / maxPoints) {
            b = offset * maxPoints / span;
        } else {
            b = BigInteger.valueOf(time).subtract(BigInteger.valueOf(from)).multiply(BigInteger.valueOf(maxPoints))
                    .divide(BigInteger.valueOf(to).subtract(BigInteger.valueOf(from))).longValue();
        }
        return (int) Math.max(0, Math.min(maxPoints - 1, b));
    }

    /** The documents of one bucket, field by field. */
    private static final class Bucket {
        final long time;
        final double[] sum;
        final int[] numbers;
        final boolean[] other;
        final Object[] last;

        Bucket(long time, int fields) {
            this.time = time;
            this.sum = new double[fields];
            this.numbers = new int[fields];
            this.other = new boolean[fields];
            this.last = new Object[fields];
        }

        void add(Object[] point) {
            for (int f = 0; f < point.length; f++) {
                Object v = point[f];
                if (v instanceof Number n) {
                    sum[f] += n.doubleValue();
                    numbers[f]++;
                } else if (v != null) {
                    other[f] = true;
                }
                last[f] = v;
            }
        }

        Object[] point() {
            Object[] p = new Object[sum.length];
            for (int f = 0; f < p.length; f++) {
                if (other[f]) {
                    p[f] = last[f];
                } else if (numbers[f] > 0) {
                    p[f] = sum[f] / numbers[f];
                }
            }
            return p;
        }
    }
}

package org.snoplus.snoop.query.internal;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.snoplus.snoop.query.AnswerTooLargeException;
import org.snoplus.snoop.query.Series;

/**
 * Collects the points of a series, in ascending time, and down-samples them when there are more
 * than {@code maxPoints}: the range {@code [from, to)} is cut into {@code maxPoints} equal
 * buckets; a bucket's point has the time of its first document, for each field the mean of its
 * values if they are all numbers (nulls left out), otherwise the value of its last document.
 * Empty buckets have no point.
 *
 * <p>Memory is bounded by {@code maxPoints}: points are kept as they are only until there are
 * more than {@code maxPoints}, buckets are filled all along; and by the answer's budget, its
 * estimated size as JSON: the first point that takes it beyond fails the answer with an
 * {@link AnswerTooLargeException}, before the rest of the range is read.
 */
final class SeriesBuilder {

    private final int fields;
    private final long from;
    private final long to;
    private final int maxPoints;

    private final long budget;

    private long documents;
    private long[] times = new long[64];
    private List<Object[]> values = new ArrayList<>();
    private Bucket[] buckets;
    private int filledBuckets;
    /** Estimated JSON bytes of the points kept as they are, and of the largest point seen. */
    private long keptBytes;
    private long largestPoint;

    SeriesBuilder(int fields, long from, long to, int maxPoints) {
        this(fields, from, to, maxPoints, Long.MAX_VALUE);
    }

    /** @param budget the largest answer, estimated bytes of JSON */
    SeriesBuilder(int fields, long from, long to, int maxPoints, long budget) {
        this.fields = fields;
        this.from = from;
        this.to = to;
        this.maxPoints = maxPoints;
        this.budget = budget;
    }

    /** The estimated size of the answer so far, bytes of JSON. */
    long estimatedBytes() {
        return values != null ? keptBytes : filledBuckets * largestPoint;
    }

    /**
     * Adds the point of a document at {@code time}, with its {@code fields} values.
     *
     * @throws AnswerTooLargeException if the answer grows beyond its budget
     */
    void add(long time, Object[] point) {
        if (budget != Long.MAX_VALUE) {
            long bytes = 16 + JsonSize.of(point);
            largestPoint = Math.max(largestPoint, bytes);
            if (values != null) {
                keptBytes += bytes;
            }
        }
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
                filledBuckets++;
            }
            bucket.add(point);
        }
        if (estimatedBytes() > budget) {
            tooLarge();
        }
    }

    private void tooLarge() {
        long points = values != null ? values.size() : filledBuckets;
        String parameter;
        String advice;
        if (largestPoint * 16 > budget) {
            parameter = "fields";
            advice = "ask for fewer or smaller fields (a point takes up to " + largestPoint + " bytes)";
        } else if (maxPoints > 0) {
            parameter = "points";
            advice = "ask for fewer points (up to " + largestPoint + " bytes each) or fewer fields";
        } else {
            parameter = "from";
            advice = "ask for a shorter range, or for down-sampling (points)";
        }
        throw new AnswerTooLargeException(parameter, budget, "the answer would be larger than its budget of "
                + budget + " bytes (more than " + estimatedBytes() + " bytes in its first " + points + " points): "
                + advice);
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

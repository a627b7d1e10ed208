package org.snoplus.snoop.alarm.engine.internal;

import java.lang.reflect.Array;
import java.util.List;
import java.util.Map;

import org.snoplus.snoop.document.Shapes;

/** A histogram's bins as the checks need them: edges and counts (under- and overflow left out). */
record Histogram(double[] edges, double[] counts) {

    /** The histogram in a document's value ({@code Shapes.histogram}), or null if the value is none. */
    static Histogram of(Object value) {
        if (!(value instanceof Map<?, ?> m) || !Shapes.HISTOGRAM.equals(m.get(Shapes.SHAPE))) {
            return null;
        }
        double[] edges = doubles(m.get("edges"));
        double[] counts = doubles(m.get("counts"));
        if (edges == null || counts == null || edges.length != counts.length + 1) {
            return null;
        }
        return new Histogram(edges, counts);
    }

    long entries() {
        double s = 0;
        for (double c : counts) {
            s += c;
        }
        return Math.round(s);
    }

    /** Whether {@code other} has the same bins (edges equal to a part in a million of the range). */
    boolean sameBins(Histogram other) {
        if (edges.length != other.edges.length) {
            return false;
        }
        double tolerance = 1e-6 * Math.max(1e-300, Math.abs(edges[edges.length - 1] - edges[0]));
        for (int i = 0; i < edges.length; i++) {
            if (Math.abs(edges[i] - other.edges[i]) > tolerance) {
                return false;
            }
        }
        return true;
    }

    /** The histogram as a document's value, counts as whole numbers. */
    Map<String, Object> toShape() {
        long[] c = new long[counts.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = Math.round(counts[i]);
        }
        return Shapes.histogram(edges.clone(), c, 0, 0);
    }

    private static double[] doubles(Object v) {
        if (v instanceof double[] d) {
            return d;
        }
        if (v instanceof long[] l) {
            double[] d = new double[l.length];
            for (int i = 0; i < l.length; i++) {
                d[i] = l[i];
            }
            return d;
        }
        if (v instanceof List<?> list) {
            double[] d = new double[list.size()];
            for (int i = 0; i < d.length; i++) {
                if (!(list.get(i) instanceof Number n)) {
                    return null;
                }
                d[i] = n.doubleValue();
            }
            return d;
        }
        if (v != null && v.getClass().isArray()) {
            int n = Array.getLength(v);
            double[] d = new double[n];
            for (int i = 0; i < n; i++) {
                Object o = Array.get(v, i);
                if (!(o instanceof Number num)) {
                    return null;
                }
                d[i] = num.doubleValue();
            }
            return d;
        }
        return null;
    }
}

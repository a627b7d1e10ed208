package org.snoplus.snoop.document;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The standard shapes of values in a document's {@code data}, so that the dashboard and the
 * query API plot any processor's values without special cases. A value is one of:
 *
 * <ul>
 * <li><b>a scalar</b>: a number, string or boolean, as is ({@code "rate": 1001.4});</li>
 * <li><b>a histogram</b> ({@link #histogram}):
 * {@code {"shape": "histogram", "edges": [e0..en], "counts": [c0..cn-1], "underflow": u,
 * "overflow": o, "entries": e}} — {@code n} bins, bin {@code i} is {@code [edges[i], edges[i+1])},
 * {@code entries} counts every fill including under- and overflow;</li>
 * <li><b>values indexed by the elements of a detector</b> ({@link #indexed}):
 * {@code {"shape": "channels", "values": [v0..vn-1]}} — the shape names the index, which a
 * detector model defines (SNO+: {@code org.snoplus.snoop.sno.SnoShapes}, channels by logical channel
 * number, cards, crates), so that the dashboard can draw a detector map;</li>
 * <li><b>the moments of a quantity</b> ({@link #moments}):
 * {@code {"shape": "moments", "count": n, "mean": m, "rms": r}} — how many values, their mean and
 * their RMS about the mean (both null when {@code count} is 0). Per-event quantities (the mean
 * NHIT of a window) are published this way so that windows merge exactly;</li>
 * <li><b>a small table</b> ({@link #table}):
 * {@code {"shape": "table", "columns": ["name", ...], "rows": [[...], ...]}}.</li>
 * </ul>
 *
 * <p>Counts are integers and measured values floating point: the query service merges a
 * processor's documents over a range or a run by these shapes (histograms and integer indexed
 * values summed, moments merged; see {@code org.snoplus.snoop.query.Aggregate}), and the store's
 * consolidation of old data does the same. Values merged over several documents have the shape
 * {@value #MERGED} ({@code {"shape": "merged", "count", "sum", "mean", "min", "max"}}); processors
 * do not produce it.
 *
 * <p>The maps returned here are what {@code sample()} puts into its result, e.g.
 * {@code Map.of("nhit", Shapes.histogram(edges, counts, under, over))}. Arrays are taken as they
 * are (the framework copies the sample), so a processor may pass its own arrays.
 */
public final class Shapes {

    /** The key that says which shape a map is. */
    public static final String SHAPE = "shape";

    /** Shape name of a histogram. */
    public static final String HISTOGRAM = "histogram";
    /** Shape name of moments. */
    public static final String MOMENTS = "moments";
    /** Shape name of a table. */
    public static final String TABLE = "table";
    /**
     * Shape name of a number merged over several documents: {@code count} documents had it,
     * {@code sum}, {@code min} and {@code max} of their values (integers when every value was),
     * {@code mean} over time (each value weighted by its document's window length).
     */
    public static final String MERGED = "merged";

    private Shapes() {
    }

    /**
     * A histogram with {@code counts.length} bins between {@code edges} ({@code counts.length + 1}
     * ascending values).
     */
    public static Map<String, Object> histogram(double[] edges, long[] counts, long underflow, long overflow) {
        if (edges.length != counts.length + 1) {
            throw new IllegalArgumentException("a histogram of " + counts.length + " bins needs " + (counts.length + 1)
                    + " edges, not " + edges.length);
        }
        long entries = underflow + overflow;
        for (long c : counts) {
            entries += c;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(SHAPE, HISTOGRAM);
        m.put("edges", edges);
        m.put("counts", counts);
        m.put("underflow", underflow);
        m.put("overflow", overflow);
        m.put("entries", entries);
        return m;
    }

    /**
     * Values indexed by the elements of a detector ({@code values[i]} belongs to element {@code i}).
     *
     * @param shape the name of the index, defined by the detector's model (e.g. SNO+ {@code "channels"})
     * @param values a {@code double[]}, {@code long[]} or {@code int[]}: counts as integers, measured values
     *        as doubles
     */
    public static Map<String, Object> indexed(String shape, Object values) {
        if (!(values instanceof double[] || values instanceof long[] || values instanceof int[])) {
            throw new IllegalArgumentException("the values of shape '" + shape + "' must be a double[], long[] or int[], not "
                    + (values == null ? "null" : values.getClass().getSimpleName()));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(SHAPE, shape);
        m.put("values", values);
        return m;
    }

    /**
     * The moments of {@code count} values: their mean and RMS about the mean (the population
     * standard deviation), both null when {@code count} is 0.
     */
    public static Map<String, Object> moments(long count, double mean, double rms) {
        if (count < 0) {
            throw new IllegalArgumentException("moments of a negative count: " + count);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(SHAPE, MOMENTS);
        m.put("count", count);
        m.put("mean", count > 0 ? (Object) mean : null);
        m.put("rms", count > 0 ? (Object) rms : null);
        return m;
    }

    /** A small table: named columns, rows of values in column order. */
    public static Map<String, Object> table(List<String> columns, List<List<Object>> rows) {
        for (List<Object> r : rows) {
            if (r.size() != columns.size()) {
                throw new IllegalArgumentException("a row of " + r.size() + " values in a table of " + columns.size()
                        + " columns");
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(SHAPE, TABLE);
        m.put("columns", List.copyOf(columns));
        m.put("rows", new ArrayList<>(rows));
        return m;
    }
}

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
 * <li><b>a small table</b> ({@link #table}):
 * {@code {"shape": "table", "columns": ["name", ...], "rows": [[...], ...]}}.</li>
 * </ul>
 *
 * <p>The maps returned here are what {@code sample()} puts into its result, e.g.
 * {@code Map.of("nhit", Shapes.histogram(edges, counts, under, over))}. Arrays are taken as they
 * are (the framework copies the sample), so a processor may pass its own arrays.
 */
public final class Shapes {

    /** The key that says which shape a map is. */
    public static final String SHAPE = "shape";

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
        m.put(SHAPE, "histogram");
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

    /** A small table: named columns, rows of values in column order. */
    public static Map<String, Object> table(List<String> columns, List<List<Object>> rows) {
        for (List<Object> r : rows) {
            if (r.size() != columns.size()) {
                throw new IllegalArgumentException("a row of " + r.size() + " values in a table of " + columns.size()
                        + " columns");
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(SHAPE, "table");
        m.put("columns", List.copyOf(columns));
        m.put("rows", new ArrayList<>(rows));
        return m;
    }
}

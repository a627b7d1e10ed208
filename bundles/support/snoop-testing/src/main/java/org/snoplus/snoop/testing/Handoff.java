package org.snoplus.snoop.testing;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the framework does to handed-over state before the successor sees it (snoop-core's
 * {@code JsonValues.copyForHandoff}), for processor tests that hand state over without a
 * framework: a deep copy into maps, lists, strings, Long/Double/BigInteger/BigDecimal and
 * booleans; ints become longs, floats doubles, arrays lists.
 */
public final class Handoff {

    private Handoff() {
    }

    /**
     * The copy the successor would receive.
     *
     * @throws IllegalArgumentException naming the path of a value that is not JSON-compatible
     */
    public static Object copy(Object v) {
        return copy(v, "state");
    }

    private static Object copy(Object v, String path) {
        if (v == null || v instanceof String || v instanceof Boolean) {
            return v;
        }
        if (v instanceof Long || v instanceof Double || v instanceof BigInteger || v instanceof BigDecimal) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof Number n) { // AtomicLong, LongAdder...: take the value now
            return n instanceof java.util.concurrent.atomic.DoubleAdder ? n.doubleValue() : (Object) n.longValue();
        }
        if (v instanceof Character || v instanceof Enum<?>) {
            return v.toString();
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String key = String.valueOf(e.getKey());
                out.put(key, copy(e.getValue(), path + "." + key));
            }
            return out;
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            int i = 0;
            for (Object o : c) {
                out.add(copy(o, path + "[" + i++ + "]"));
            }
            return out;
        }
        if (v instanceof char[] chars) {
            return new String(chars);
        }
        if (v.getClass().isArray()) {
            int n = Array.getLength(v);
            List<Object> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(copy(Array.get(v, i), path + "[" + i + "]"));
            }
            return out;
        }
        throw new IllegalArgumentException(path + " is a " + v.getClass().getName()
                + ", which is not JSON-compatible (use maps, lists, strings, numbers, booleans)");
    }
}

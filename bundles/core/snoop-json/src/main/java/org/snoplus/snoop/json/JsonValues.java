package org.snoplus.snoop.json;

import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deep copies of JSON-compatible values: what the core does to what crosses a boundary, a sample
 * body (the processor may reuse its map) and state handed to a successor (which must hold no
 * object of the predecessor's class loader). Processor tests call the same methods to see what a
 * successor would receive. The methods are thread-safe.
 */
public final class JsonValues {

    private JsonValues() {
    }

    /**
     * A copy for a sample document: as {@link #copyForHandoff}, but primitive arrays stay arrays
     * (cheap to store and serialise).
     *
     * @throws IllegalArgumentException naming the path ({@code data.x[3]}) of a value that is not
     *         JSON-compatible
     */
    public static Object copyForDocument(Object v) {
        return copy(v, "data", true);
    }

    /**
     * A copy for state handoff, what a successor receives: only maps (with string keys, in their
     * order), lists, strings, {@code Long}/{@code Double}/{@code BigInteger}/{@code BigDecimal} and
     * booleans; ints become longs, floats doubles, arrays lists, enums and characters strings, and
     * atomic numbers their value now.
     *
     * @throws IllegalArgumentException naming the path ({@code state.x[3]}) of a value that is not
     *         JSON-compatible
     */
    public static Object copyForHandoff(Object v) {
        return copy(v, "state", false);
    }

    private static Object copy(Object v, String path, boolean keepArrays) {
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
            Map<String, Object> out = new LinkedHashMap<>(Math.max(4, m.size() * 2));
            for (Map.Entry<?, ?> e : m.entrySet()) {
                String key = String.valueOf(e.getKey());
                out.put(key, copy(e.getValue(), path + "." + key, keepArrays));
            }
            return out;
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            int i = 0;
            for (Object o : c) {
                out.add(copy(o, path + "[" + i++ + "]", keepArrays));
            }
            return out;
        }
        Class<?> type = v.getClass();
        if (type.isArray()) {
            if (type.getComponentType().isPrimitive()) {
                if (keepArrays && type != char[].class) {
                    int n = Array.getLength(v);
                    Object out = Array.newInstance(type.getComponentType(), n);
                    System.arraycopy(v, 0, out, 0, n);
                    return out;
                }
                if (type == char[].class) {
                    return new String((char[]) v);
                }
            }
            int n = Array.getLength(v);
            List<Object> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(copy(Array.get(v, i), path + "[" + i + "]", keepArrays));
            }
            return out;
        }
        throw new IllegalArgumentException(path + " is a " + type.getName()
                + ", which is not JSON-compatible (use maps, lists, strings, numbers, booleans)");
    }
}

package org.snoplus.snoop.processor.charge.internal;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the framework does to handoff state before the successor sees it (snoop-core's
 * {@code JsonValues.copyForHandoff}): a deep copy into maps, lists, strings, Long, Double and
 * booleans; primitive arrays become lists.
 */
final class Plain {

    private Plain() {
    }

    static Object copy(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Long || v instanceof Double) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(String.valueOf(k), copy(x)));
            return out;
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>();
            c.forEach(x -> out.add(copy(x)));
            return out;
        }
        if (v.getClass().isArray()) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < Array.getLength(v); i++) {
                out.add(copy(Array.get(v, i)));
            }
            return out;
        }
        throw new AssertionError("not JSON-compatible: " + v.getClass().getName());
    }
}

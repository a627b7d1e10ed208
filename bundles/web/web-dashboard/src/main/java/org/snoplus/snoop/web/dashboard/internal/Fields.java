package org.snoplus.snoop.web.dashboard.internal;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.snoplus.snoop.document.SampleDocument;

/**
 * Values at dotted paths in a document, as the query service finds them: map keys, list indices
 * ({@code data.hist.counts.3}), and keys that contain dots themselves ({@code data.heap.used}; where
 * {@code hits} and {@code hits.crates} are both keys, {@code x.hits.crates} finds the second).
 */
final class Fields {

    /** What {@link #resolve} gives where a path leads nowhere (a present key may hold null). */
    static final Object ABSENT = new Object() {
        @Override
        public String toString() {
            return "(absent)";
        }
    };

    private Fields() {
    }

    static Object resolve(SampleDocument doc, String path) {
        String[] seg = path.split("\\.", -1);
        Object top;
        switch (seg[0]) {
            case "data" -> top = doc.data();
            case "time" -> top = doc.time();
            case "events" -> top = doc.events();
            case "run" -> top = doc.run();
            case "seq" -> top = doc.sequence();
            case "name" -> top = doc.name();
            case "version" -> top = doc.version();
            case "instance" -> top = doc.instance();
            case "window" -> top = Map.of("start", doc.windowStart(), "end", doc.windowEnd());
            default -> {
                return ABSENT;
            }
        }
        return navigate(top, seg, 1);
    }

    /**
     * The value under {@code seg[i..]}: a key of one segment, else of several joined by dots; the
     * first that leads to a value ({@code hits.crates} is found beside {@code hits}).
     */
    private static Object navigate(Object v, String[] seg, int i) {
        if (i == seg.length) {
            return v;
        }
        if (v instanceof Map<?, ?> map) {
            StringBuilder key = new StringBuilder();
            for (int j = i; j < seg.length; j++) {
                if (j > i) {
                    key.append('.');
                }
                key.append(seg[j]);
                String k = key.toString();
                if (map.containsKey(k)) {
                    Object found = navigate(map.get(k), seg, j + 1);
                    if (found != ABSENT) {
                        return found;
                    }
                }
            }
            return ABSENT;
        }
        if (v instanceof List<?> list) {
            int index = index(seg[i]);
            return index < 0 || index >= list.size() ? ABSENT : navigate(list.get(index), seg, i + 1);
        }
        if (v != null && v.getClass().isArray()) {
            int index = index(seg[i]);
            return index < 0 || index >= Array.getLength(v) ? ABSENT : navigate(Array.get(v, index), seg, i + 1);
        }
        return ABSENT;
    }

    private static int index(String s) {
        if (s.isEmpty() || s.length() > 9 || !s.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Integer.parseInt(s);
    }

    /** What a value is, in a few words, for an error box. */
    static String kindOf(Object v) {
        if (v == null) {
            return "empty (null)";
        }
        if (v instanceof Number) {
            return "a number";
        }
        if (v instanceof String) {
            return "text";
        }
        if (v instanceof Boolean) {
            return "true/false";
        }
        if (v instanceof Map<?, ?> m) {
            Object shape = m.get("shape");
            if (shape instanceof String s) {
                return s.equals("histogram") ? "a histogram" : s.equals("table") ? "a table" : "values per " + s;
            }
            return "an object (of " + m.size() + " keys)";
        }
        if (v instanceof List<?> || v.getClass().isArray()) {
            return "a list of " + (v instanceof List<?> l ? l.size() : Array.getLength(v)) + " values";
        }
        return v.getClass().getSimpleName();
    }

    /**
     * The paths of a document that lead to something drawable (numbers, text, shaped values,
     * objects), at most {@code max} of them, depth first, in the document's order.
     */
    static List<Path> paths(SampleDocument doc, int max) {
        List<Path> out = new ArrayList<>();
        for (String top : List.of("events", "run", "time", "seq", "window.start", "window.end", "version",
                "instance")) {
            out.add(new Path(top, resolve(doc, top)));
        }
        walk("data", doc.data(), out, max, 0);
        return out;
    }

    private static void walk(String path, Object v, List<Path> out, int max, int depth) {
        if (out.size() >= max) {
            return;
        }
        out.add(new Path(path, v));
        if (v instanceof Map<?, ?> m && !(m.get("shape") instanceof String) && depth < 8) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                walk(path + "." + e.getKey(), e.getValue(), out, max, depth + 1);
            }
        }
    }

    /** A path of a document and the value there. */
    record Path(String path, Object value) {
    }
}

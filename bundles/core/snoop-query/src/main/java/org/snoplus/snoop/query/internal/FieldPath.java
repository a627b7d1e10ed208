package org.snoplus.snoop.query.internal;

import java.lang.reflect.Array;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.snoplus.snoop.document.SampleDocument;

/**
 * A dotted path into a document's JSON form: {@code data.rate}, {@code events}, {@code run},
 * {@code window.start}, {@code _id}, and into lists by index: {@code data.hist.counts.3}. A path
 * that leads nowhere (a missing key, an index past the end, a key of a number) has the value null.
 *
 * <p>Keys that contain dots themselves ({@code "used.fraction"}) are found too: when a key is
 * missing, the path's next segments joined with dots are tried as one key.
 */
final class FieldPath {

    private final String path;
    private final String[] segments;

    private FieldPath(String path) {
        this.path = path;
        this.segments = path.split("\\.", -1);
    }

    /** The path {@code path}, which the caller has checked is not blank. */
    static FieldPath of(String path) {
        return new FieldPath(path);
    }

    @Override
    public String toString() {
        return path;
    }

    /** The value at this path in {@code doc}, or null. */
    Object valueOf(SampleDocument doc) {
        Object top;
        switch (segments[0]) {
            case "data":
                top = doc.data();
                break;
            case "time":
                top = doc.time();
                break;
            case "events":
                top = doc.events();
                break;
            case "run":
                top = doc.run();
                break;
            case "seq":
                top = doc.sequence();
                break;
            case "name":
                top = doc.name();
                break;
            case "_id":
                top = doc.id();
                break;
            case "version":
                top = doc.version();
                break;
            case "instance":
                top = doc.instance();
                break;
            case "window":
                if (segments.length == 2 && segments[1].equals("start")) {
                    return doc.windowStart();
                }
                if (segments.length == 2 && segments[1].equals("end")) {
                    return doc.windowEnd();
                }
                Map<String, Object> window = new LinkedHashMap<>();
                window.put("start", doc.windowStart());
                window.put("end", doc.windowEnd());
                top = window;
                break;
            default:
                return null;
        }
        return navigate(top, segments, 1);
    }

    private static Object navigate(Object value, String[] segments, int from) {
        Object v = value;
        for (int i = from; i < segments.length; i++) {
            if (v instanceof Map<?, ?> map) {
                Object next = map.get(segments[i]);
                if (next == null && !map.containsKey(segments[i])) {
                    return joined(map, segments, i);
                }
                v = next;
            } else if (v instanceof List<?> list) {
                int index = index(segments[i]);
                if (index < 0 || index >= list.size()) {
                    return null;
                }
                v = list.get(index);
            } else if (v != null && v.getClass().isArray()) {
                int index = index(segments[i]);
                if (index < 0 || index >= Array.getLength(v)) {
                    return null;
                }
                v = Array.get(v, index);
            } else {
                return null;
            }
        }
        return v;
    }

    /** The value under a key that is several segments joined with dots, or null. */
    private static Object joined(Map<?, ?> map, String[] segments, int from) {
        StringBuilder key = new StringBuilder(segments[from]);
        for (int j = from + 1; j < segments.length; j++) {
            key.append('.').append(segments[j]);
            String k = key.toString();
            if (map.containsKey(k)) {
                return navigate(map.get(k), segments, j + 1);
            }
        }
        return null;
    }

    /** The list index a segment names, or -1. */
    private static int index(String segment) {
        if (segment.isEmpty() || segment.length() > 9) {
            return -1;
        }
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
        }
        return Integer.parseInt(segment);
    }
}

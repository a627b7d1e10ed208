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
 *
 * <p>A path is at most {@value #MAX_LENGTH} characters and {@value #MAX_SEGMENTS} segments: no
 * document is deeper, and the look-up of a key with dots tries every join of the segments.
 */
final class FieldPath {

    static final int MAX_LENGTH = 512;
    static final int MAX_SEGMENTS = 32;

    private final String path;
    private final String[] segments;

    private FieldPath(String path) {
        this.path = path;
        this.segments = path.split("\\.", -1);
    }

    /**
     * The path {@code path}, which the caller has checked is not blank.
     *
     * @throws IllegalArgumentException if it is longer than {@value #MAX_LENGTH} characters or
     *         has more than {@value #MAX_SEGMENTS} segments
     */
    static FieldPath of(String path) {
        check(path);
        return new FieldPath(path);
    }

    /** @throws IllegalArgumentException if {@code path} is beyond the limits of a path */
    static void check(String path) {
        if (path.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("a field path is at most " + MAX_LENGTH + " characters, not "
                    + path.length() + " (" + path.substring(0, 40) + "...)");
        }
        int segments = 1;
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) == '.' && ++segments > MAX_SEGMENTS) {
                throw new IllegalArgumentException("a field path has at most " + MAX_SEGMENTS + " segments ("
                        + path.substring(0, Math.min(40, path.length())) + "...)");
            }
        }
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
                if (!map.containsKey(segments[i])) {
                    return joined(map, segments, i);
                }
                if (i + 1 == segments.length) {
                    return map.get(segments[i]);
                }
                // "hits" (a number) may stand beside "hits.crates": when the shorter key leads
                // nowhere, the longer ones are tried
                Object found = navigate(map.get(segments[i]), segments, i + 1);
                return found != null ? found : joined(map, segments, i);
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

package org.snoplus.snoop.alarm.engine.internal;

import java.lang.reflect.Array;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.snoplus.snoop.document.SampleDocument;

/**
 * A field of a processor's documents, {@code PROCESSOR.PATH}, as the dashboard and the REST API
 * name it ({@code nhit.data.nhit.mean}): the first dot ends the processor's name, the path starts
 * with {@code data} or one of the document's stamps. A key that contains dots is found too
 * ({@code timing.data.hits.crates}), and a number indexes a list or an array
 * ({@code occupancy.data.crates.values.3}). Compiled once; reading a value allocates nothing for a
 * path of plain keys.
 */
final class FieldPath {

    static final int MAX_SEGMENTS = 16;
    private static final Pattern PROCESSOR = Pattern.compile("[A-Za-z0-9_-]{1,100}");
    private static final Pattern SEGMENT = Pattern.compile("[^.,=\\s\"{}|]{1,100}");
    private static final List<String> TOP = List.of("data", "events", "run", "time", "seq", "window", "version",
            "instance", "name");

    final String processor;
    final String path;
    private final String[] segments;
    private final int[] index; // the segment as a number, -1 when it is none

    private FieldPath(String processor, String path) {
        this.processor = processor;
        this.path = path;
        this.segments = path.split("\\.");
        this.index = new int[segments.length];
        for (int i = 0; i < segments.length; i++) {
            index[i] = segments[i].matches("\\d{1,9}") ? Integer.parseInt(segments[i]) : -1;
        }
    }

    /**
     * Parses {@code PROCESSOR.PATH}.
     *
     * @throws IllegalArgumentException saying what is wrong and how to write it
     */
    static FieldPath parse(String text) {
        String t = text == null ? "" : text.strip();
        int dot = t.indexOf('.');
        if (dot <= 0 || dot == t.length() - 1) {
            throw new IllegalArgumentException("'" + t + "' is not a field: write PROCESSOR.PATH, e.g. nhit.data.nhit.mean");
        }
        String processor = t.substring(0, dot);
        String path = t.substring(dot + 1);
        if (!PROCESSOR.matcher(processor).matches()) {
            throw new IllegalArgumentException("'" + processor + "' is not a processor name (letters, digits, _ and -)");
        }
        String[] seg = path.split("\\.", -1);
        if (seg.length > MAX_SEGMENTS) {
            throw new IllegalArgumentException("'" + t + "' has more than " + MAX_SEGMENTS + " segments");
        }
        for (String s : seg) {
            if (!SEGMENT.matcher(s).matches()) {
                throw new IllegalArgumentException("'" + t + "' is not a dotted path (single dots between keys)");
            }
        }
        if (!TOP.contains(seg[0])) {
            throw new IllegalArgumentException("'" + t + "': the path after the processor starts with data (its values) or "
                    + "one of events, run, time, seq, window: write " + processor + ".data." + path);
        }
        return new FieldPath(processor, path);
    }

    /** Another path of the same processor's documents ({@code data.events}, or {@code PROCESSOR.data.events}). */
    FieldPath sibling(String text) {
        String t = text.strip();
        if (t.startsWith(processor + ".")) {
            return parse(t);
        }
        return parse(processor + "." + t);
    }

    /** The value at this path in a document, or null if there is none. Allocates nothing for the data's values. */
    Object get(SampleDocument d) {
        if (segments.length > 1) {
            return switch (segments[0]) {
                case "data" -> walk(d.data(), 1);
                case "window" -> segments.length == 2 && segments[1].equals("start") ? (Object) d.windowStart()
                        : segments.length == 2 && segments[1].equals("end") ? (Object) d.windowEnd() : null;
                default -> null;
            };
        }
        return switch (segments[0]) {
            case "data" -> d.data();
            case "events" -> d.events();
            case "run" -> d.run();
            case "time" -> d.time();
            case "seq" -> d.sequence();
            case "version" -> d.version();
            case "instance" -> d.instance();
            case "name" -> d.name();
            default -> null;
        };
    }

    /** The value at this path in a document's JSON form (its {@code toMap()}), or null if there is none. */
    Object get(Map<String, Object> document) {
        return walk(document, 0);
    }

    private Object walk(Object at, int from) {
        Object v = at;
        for (int i = from; i < segments.length; i++) {
            if (v instanceof Map<?, ?> m) {
                Object next = m.get(segments[i]);
                if (next == null && i < segments.length - 1) {
                    // a key that contains dots: the longest match that leads somewhere
                    StringBuilder key = new StringBuilder(segments[i]);
                    for (int j = i + 1; j < segments.length; j++) {
                        key.append('.').append(segments[j]);
                        Object joined = m.get(key.toString());
                        if (joined != null) {
                            Object r = j == segments.length - 1 ? joined : walk(joined, j + 1);
                            if (r != null) {
                                return r;
                            }
                        }
                    }
                    return null;
                }
                v = next;
            } else if (index[i] >= 0 && v instanceof List<?> l) {
                v = index[i] < l.size() ? l.get(index[i]) : null;
            } else if (index[i] >= 0 && v != null && v.getClass().isArray()) {
                v = index[i] < Array.getLength(v) ? Array.get(v, index[i]) : null;
            } else {
                return null;
            }
            if (v == null) {
                return null;
            }
        }
        return v;
    }

    @Override
    public String toString() {
        return processor + "." + path;
    }
}

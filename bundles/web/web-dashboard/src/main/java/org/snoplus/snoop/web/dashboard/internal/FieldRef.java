package org.snoplus.snoop.web.dashboard.internal;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * A field of a processor's documents as a tag names it: {@code PROCESSOR.PATH}, the path a dotted
 * path into the document as the REST API takes it ({@code rate.data.rate}, {@code nhit.events},
 * {@code host.data.heap.used}: keys that contain dots are found too).
 */
record FieldRef(String processor, String path) {

    /** What a document has at its top; a field's path starts with one of them. */
    static final Set<String> TOP = Set.of("data", "events", "run", "time", "seq", "window", "version", "instance",
            "name");

    private static final Pattern PROCESSOR = Pattern.compile("[A-Za-z0-9_-]{1,100}");
    /** A segment: anything but dots, commas, '=', quotes, braces, '|' and white space. */
    private static final Pattern PATH = Pattern.compile("[^.,=\\s\"{}|]{1,100}(?:\\.[^.,=\\s\"{}|]{1,100}){0,15}");

    static FieldRef parse(String text) throws TagException {
        int dot = text.indexOf('.');
        if (dot <= 0 || dot == text.length() - 1) {
            throw new TagException("'" + text + "' is not a field", "name a field as PROCESSOR.PATH, e.g. "
                    + "rate.data.rate (the processor rate, the value data.rate of its documents)");
        }
        String processor = text.substring(0, dot);
        String path = text.substring(dot + 1);
        if (!PROCESSOR.matcher(processor).matches()) {
            throw new TagException("'" + processor + "' in '" + text + "' is not a processor name",
                    "a processor name has letters, digits, '_' and '-': rate.data.rate");
        }
        if (!PATH.matcher(path).matches()) {
            throw new TagException("'" + path + "' in '" + text + "' is not a dotted path",
                    "write the path with single dots between keys and nothing but the field: rate.data.rate");
        }
        String top = path.split("\\.", 2)[0];
        if (!TOP.contains(top)) {
            throw new TagException("'" + text + "': a path starts with data (the processor's values) or one of "
                    + "events, run, time, seq, window, version, instance",
                    "write " + processor + ".data." + path);
        }
        return new FieldRef(processor, path);
    }

    /** The field as the tag wrote it, and as the live stream and the page name it. */
    @Override
    public String toString() {
        return processor + "." + path;
    }

    /** The last key of the path, a short label: {@code rate} for {@code rate.data.rate}. */
    String label() {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}

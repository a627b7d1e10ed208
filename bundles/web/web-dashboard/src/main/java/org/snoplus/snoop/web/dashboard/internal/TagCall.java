package org.snoplus.snoop.web.dashboard.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A tag as written, {@code {{ NAME WORD... KEY=VALUE... }}}, split into its parts but not yet
 * understood (that is {@link TagCompiler}'s job).
 *
 * <pre>
 * tag   := "{{" NAME arg* "}}"
 * arg   := KEY "=" value       named: range=-1h, unit=Hz, title="NHIT, last hour"
 *        | value               positional: a field (rate.data.rate), a processor, a flag (log)
 * value := WORD                anything up to the next white space
 *        | '"' TEXT '"'        with spaces; \" and \\ inside
 * KEY   := [a-z][a-z0-9]*
 * </pre>
 *
 * @param name the tag's name (the first word)
 * @param words the positional arguments, in order
 * @param named the named arguments, each with every value it was given, in order
 * @param source the text between the braces, trimmed, for the error box and the full-size link
 */
record TagCall(String name, List<String> words, Map<String, List<String>> named, String source) {

    /** At most this many characters between {@code {{} and {@code }}}. */
    static final int MAX_LENGTH = 2000;

    TagCall {
        words = Collections.unmodifiableList(words);
        named = Collections.unmodifiableMap(named);
    }

    /** Parses the text between the braces. */
    static TagCall parse(String inner) throws TagException {
        String source = inner.strip().replaceAll("\\s+", " ");
        if (source.length() > MAX_LENGTH) {
            throw new TagException("this tag is " + source.length() + " characters long; a tag has at most "
                    + MAX_LENGTH, "split it into several tags");
        }
        if (source.isEmpty()) {
            throw new TagException("the tag is empty", "write a tag name and its arguments between the braces, "
                    + "e.g. {{ value rate.data.rate unit=Hz }}; the tags are listed on the help page");
        }
        List<String> words = new ArrayList<>();
        Map<String, List<String>> named = new LinkedHashMap<>();
        int i = 0;
        int n = source.length();
        String name = null;
        while (i < n) {
            if (source.charAt(i) == ' ') {
                i++;
                continue;
            }
            int start = i;
            String key = null;
            String value;
            if (source.charAt(i) == '"') {
                int[] end = new int[1];
                value = quoted(source, i, end);
                i = end[0];
            } else {
                int eq = -1;
                while (i < n && source.charAt(i) != ' ' && source.charAt(i) != '"') {
                    if (source.charAt(i) == '=' && eq < 0) {
                        eq = i;
                    }
                    i++;
                }
                if (eq > start && isKey(source.substring(start, eq))) {
                    key = source.substring(start, eq);
                    if (eq + 1 < n && source.charAt(eq + 1) == '"' && i == eq + 1) {
                        int[] end = new int[1];
                        value = quoted(source, eq + 1, end);
                        i = end[0];
                    } else {
                        value = source.substring(eq + 1, i);
                    }
                } else {
                    value = source.substring(start, i);
                }
                if (i < n && source.charAt(i) == '"') {
                    throw new TagException("a quote starts in the middle of '" + source.substring(start, i + 1)
                            + "'", "put quotes around a whole value: title=\"NHIT, last hour\"");
                }
            }
            if (i < n && source.charAt(i) != ' ') {
                throw new TagException("'" + source.substring(start, Math.min(n, i + 1))
                        + "' runs into the next argument", "leave a space after a closing quote");
            }
            if (name == null) {
                if (key != null || !isKey(value)) {
                    throw new TagException("a tag starts with its name, not '" + value + "'",
                            "write the tag's name first, e.g. {{ value " + value + " }}");
                }
                name = value;
            } else if (key != null) {
                named.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            } else {
                words.add(value);
            }
        }
        return new TagCall(name, words, named, source);
    }

    /** The text of the quoted value that starts at {@code at}; {@code end[0]} is set past its closing quote. */
    private static String quoted(String s, int at, int[] end) throws TagException {
        StringBuilder b = new StringBuilder();
        int i = at + 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length() && (s.charAt(i + 1) == '"' || s.charAt(i + 1) == '\\')) {
                b.append(s.charAt(i + 1));
                i += 2;
            } else if (c == '"') {
                end[0] = i + 1;
                return b.toString();
            } else {
                b.append(c);
                i++;
            }
        }
        throw new TagException("a quote opened at '" + s.substring(at, Math.min(s.length(), at + 20))
                + "' is not closed", "close the value with a second \" before the }}");
    }

    static boolean isKey(String s) {
        if (s.isEmpty() || s.charAt(0) < 'a' || s.charAt(0) > 'z') {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    /** The only value of a named argument, or null when it is not given. */
    String single(String key) throws TagException {
        List<String> v = named.get(key);
        if (v == null) {
            return null;
        }
        if (v.size() > 1) {
            throw new TagException(key + " is given " + v.size() + " times", "give " + key + " once");
        }
        return v.get(0);
    }

    /** Every value of a named argument (empty when not given). */
    List<String> all(String key) {
        return named.getOrDefault(key, List.of());
    }

    /** The tag written back in its own syntax, for the error box. */
    String written() {
        return "{{ " + source + " }}";
    }
}

package org.snoplus.snoop.alarm.engine.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A rule's message: text with placeholders in braces ({@code mean NHIT {value} above {threshold}
 * for {for}}) filled when the alarm fires or clears. Numbers are written with four significant
 * digits.
 */
final class MessageTemplate {

    /** The placeholders a message may use. */
    static final Set<String> NAMES = Set.of("value", "threshold", "clear", "field", "rule", "for", "previous", "periods",
            "run", "level", "p", "statistic", "reference", "test", "severity");
    static final int MAX_LENGTH = 1000;

    private final String text;
    private final List<Object> parts; // String literals and Placeholder

    private record Placeholder(String name) {
    }

    private MessageTemplate(String text, List<Object> parts) {
        this.text = text;
        this.parts = parts;
    }

    /**
     * Compiles a message.
     *
     * @throws IllegalArgumentException naming an unknown placeholder or an unclosed brace
     */
    static MessageTemplate compile(String text) {
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("is longer than " + MAX_LENGTH + " characters");
        }
        List<Object> parts = new ArrayList<>();
        int at = 0;
        while (at < text.length()) {
            int open = text.indexOf('{', at);
            if (open < 0) {
                parts.add(text.substring(at));
                break;
            }
            int close = text.indexOf('}', open);
            if (close < 0) {
                throw new IllegalArgumentException("has a '{' without its '}' at character " + (open + 1));
            }
            if (open > at) {
                parts.add(text.substring(at, open));
            }
            String name = text.substring(open + 1, close).strip();
            if (!NAMES.contains(name)) {
                throw new IllegalArgumentException("has an unknown placeholder {" + name + "}: use " + new java.util.TreeSet<>(NAMES));
            }
            parts.add(new Placeholder(name));
            at = close + 1;
        }
        return new MessageTemplate(text, List.copyOf(parts));
    }

    /** The message with the values of {@code values} (missing ones written as {@code -}). */
    String fill(Map<String, ?> values) {
        StringBuilder b = new StringBuilder();
        for (Object p : parts) {
            if (p instanceof Placeholder ph) {
                b.append(format(values.get(ph.name())));
            } else {
                b.append((String) p);
            }
        }
        return b.toString();
    }

    /** A value as messages write it: numbers to four significant digits, whole numbers in full. */
    static String format(Object v) {
        if (v == null) {
            return "-";
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (!Double.isFinite(d)) {
                return Double.toString(d);
            }
            if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                return Long.toString((long) d);
            }
            if (Math.abs(d) >= 1e-4 && Math.abs(d) < 1e9) {
                return new BigDecimal(d).round(new MathContext(4)).stripTrailingZeros().toPlainString();
            }
            return String.format(java.util.Locale.ROOT, "%.3e", d);
        }
        return v.toString();
    }

    @Override
    public String toString() {
        return text;
    }
}

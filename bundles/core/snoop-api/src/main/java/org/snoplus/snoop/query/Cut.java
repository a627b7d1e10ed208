package org.snoplus.snoop.query;

import java.util.Objects;

/**
 * A condition on a field of a processor's document at the same sample time: a document of the
 * queried processor is kept only if the document of {@code name} with the same {@code time}
 * exists and its {@code field} equals {@code equals} (when given) and lies in
 * {@code [min, max]} (each bound when given). Equality compares numbers as numbers
 * ({@code 3} equals {@code 3.0}) and anything else as text.
 *
 * @param name processor whose document is tested
 * @param field dotted path into that document, e.g. {@code data.rate} or {@code run}
 * @param equals required value, or null
 * @param min lower bound (inclusive), or null
 * @param max upper bound (inclusive), or null
 */
public record Cut(String name, String field, Object equals, Double min, Double max) {

    public Cut {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(field, "field");
        if (equals == null && min == null && max == null) {
            throw new IllegalArgumentException("cut on " + name + "." + field + " has no condition");
        }
    }

    public static Cut equal(String name, String field, Object value) {
        return new Cut(name, field, value, null, null);
    }

    public static Cut between(String name, String field, Double min, Double max) {
        return new Cut(name, field, null, min, max);
    }
}

package org.snoplus.snoop.query;

import java.util.List;
import java.util.Objects;

/**
 * Fields of one processor's documents merged over a time range, a run, or a run within a range
 * (see {@link Aggregate} for how values merge).
 *
 * @param name the processor
 * @param from start of the range, ms since the epoch (inclusive); {@code Long.MIN_VALUE} for none
 * @param to end of the range, ms since the epoch (exclusive); {@code Long.MAX_VALUE} for none
 * @param run only the documents of this run number, or null for every document in the range
 * @param fields dotted paths into the documents ({@code data.channels}, {@code events}); empty
 *        means the whole {@code data} object
 */
public record AggregateQuery(String name, long from, long to, Long run, List<String> fields) {

    public AggregateQuery {
        Objects.requireNonNull(name, "name");
        fields = List.copyOf(fields);
        if (to < from) {
            throw new IllegalArgumentException("range ends (" + to + ") before it starts (" + from + ")");
        }
    }

    /** The documents of {@code name} in {@code [from, to)}. */
    public static AggregateQuery range(String name, long from, long to, List<String> fields) {
        return new AggregateQuery(name, from, to, null, fields);
    }

    /** The documents of {@code name} of run {@code run}. */
    public static AggregateQuery run(String name, long run, List<String> fields) {
        return new AggregateQuery(name, Long.MIN_VALUE, Long.MAX_VALUE, run, fields);
    }
}

package org.snoplus.snoop.query;

import java.util.List;
import java.util.Objects;

/**
 * Values of some fields of one processor's documents over a time range.
 *
 * @param name the processor
 * @param from start of the range, ms since the epoch (inclusive)
 * @param to end of the range, ms since the epoch (exclusive)
 * @param fields dotted paths into the documents ({@code data.rate}, {@code events}); empty means the
 *        whole {@code data} object
 * @param cuts conditions on other processors' documents at the same sample time; all must hold
 * @param maxPoints at most this many points: a longer range is down-sampled (0 = no limit)
 */
public record SeriesQuery(String name, long from, long to, List<String> fields, List<Cut> cuts, int maxPoints) {

    public SeriesQuery {
        Objects.requireNonNull(name, "name");
        fields = List.copyOf(fields);
        cuts = List.copyOf(cuts);
        if (to < from) {
            throw new IllegalArgumentException("range ends (" + to + ") before it starts (" + from + ")");
        }
        if (maxPoints < 0) {
            throw new IllegalArgumentException("maxPoints must not be negative, not " + maxPoints);
        }
    }
}

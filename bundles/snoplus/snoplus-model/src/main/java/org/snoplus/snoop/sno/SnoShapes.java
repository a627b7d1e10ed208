package org.snoplus.snoop.sno;

import java.util.Map;

import org.snoplus.snoop.document.Shapes;

/**
 * The SNO+ detector's indexed shapes for documents (see {@link Shapes#indexed}), from which the
 * dashboard draws a detector map: per channel by logical channel number
 * ({@code 512·crate + 32·card + channel}, {@value Channels#COUNT} values), per card
 * ({@code 16·crate + card}, 304) and per crate (19).
 */
public final class SnoShapes {

    /** Shape name of per-channel values, indexed by logical channel number. */
    public static final String CHANNELS = "channels";
    /** Shape name of per-card values, indexed by {@code 16·crate + card}. */
    public static final String CARDS = "cards";
    /** Shape name of per-crate values, indexed by crate. */
    public static final String CRATES = "crates";

    private SnoShapes() {
    }

    /** Per-channel values: {@code values[lcn]}, 9728 of them ({@code double[]} or {@code long[]}). */
    public static Map<String, Object> channels(Object values) {
        return checked(CHANNELS, values, Channels.COUNT);
    }

    /** Per-card values: {@code values[16·crate + card]}, 304 of them. */
    public static Map<String, Object> cards(Object values) {
        return checked(CARDS, values, Channels.CRATES * Channels.CARDS);
    }

    /** Per-crate values: {@code values[crate]}, 19 of them. */
    public static Map<String, Object> crates(Object values) {
        return checked(CRATES, values, Channels.CRATES);
    }

    private static Map<String, Object> checked(String shape, Object values, int n) {
        int length = values instanceof double[] d ? d.length
                : values instanceof long[] l ? l.length : values instanceof int[] i ? i.length : -1;
        if (length != n && length != -1) {
            throw new IllegalArgumentException("SNO+ " + shape + " take " + n + " values, not " + length);
        }
        return Shapes.indexed(shape, values);
    }
}

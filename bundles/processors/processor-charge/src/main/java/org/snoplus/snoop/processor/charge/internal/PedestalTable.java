package org.snoplus.snoop.processor.charge.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.snoplus.snoop.sno.Channels;

/**
 * Pedestal sums per channel and CMOS cell, from the hits of pedestal events: the number of hits
 * and the sums of QHS, QHL and QLX. QLX is kept apart by the hit's LGI select bit, since the
 * low-gain charge then comes from another integration (long or short) with its own pedestal.
 * Cell index: {@code 16·lcn + cell}. {@link #add} allocates nothing.
 *
 * <p>The sums of one cell lie side by side in one {@code long[]} (eight a cell: 64 bytes, about a
 * cache line), so that a pedestal hit costs one cache miss rather than one per array: the table is
 * 10 MB and the hits of an event land anywhere in it. The pedestals themselves (the means of the
 * cells with at least {@link #minimum} hits) are kept apart in a {@code float[]} of 2.4 MB, four a
 * cell, which every hit to be subtracted looks up: small enough to stay in the caches and the TLB
 * (looking up the sums instead made a hit six times as slow).
 */
final class PedestalTable {

    static final int CELLS_PER_CHANNEL = 16;
    static final int CELLS = Channels.COUNT * CELLS_PER_CHANNEL;

    /** Offsets in a cell's slot. */
    static final int COUNT = 0;
    static final int QHS = 1;
    static final int QHL = 2;
    /** Count and QLX sum without LGI select at 3 and 4, with it at 5 and 6. */
    static final int QLX_COUNT = 3;
    static final int QLX = 4;
    static final int SLOT = 8;

    /** Cell {@code i} at {@code SLOT·i}. */
    final long[] table = new long[CELLS * SLOT];

    /** Offsets in a cell's four pedestals. */
    static final int MEAN_QHS = 0;
    static final int MEAN_QHL = 1;
    /** QLX without LGI select at 2, with it at 3. */
    static final int MEAN_QLX = 2;
    /**
     * Pedestals of cell {@code i} at {@code 4·i}: QHS, QHL, QLX without and with LGI select; NaN until
     * the cell (for QLX: the cell with that LGI select) has {@link #minimum} hits.
     */
    final float[] means = new float[CELLS * 4];
    private int minimum = 1;

    PedestalTable() {
        Arrays.fill(means, Float.NaN);
    }

    /** Hits a cell needs before it has pedestals in {@link #means}. */
    void minimum(int hits) {
        minimum = hits;
        for (int i = 0; i < CELLS; i++) {
            updateMeans(i);
        }
    }

    private void updateMeans(int index) {
        final long[] t = table;
        final float[] m = means;
        int s = index * SLOT;
        int p = index << 2;
        long n = t[s + COUNT];
        if (n >= minimum) {
            m[p + MEAN_QHS] = (float) ((double) t[s + QHS] / n);
            m[p + MEAN_QHL] = (float) ((double) t[s + QHL] / n);
        } else {
            m[p + MEAN_QHS] = Float.NaN;
            m[p + MEAN_QHL] = Float.NaN;
        }
        for (int lgi = 0; lgi < 2; lgi++) {
            int x = s + QLX_COUNT + 2 * lgi;
            m[p + MEAN_QLX + lgi] = t[x] >= minimum ? (float) ((double) t[x + 1] / t[x]) : Float.NaN;
        }
    }

    static int index(int lcn, int cell) {
        return lcn << 4 | cell & 0xF;
    }

    /** Offset of the QLX count of a cell's slot for the LGI select bit; the sum follows it. */
    static int qlx(boolean lgi) {
        return lgi ? QLX_COUNT + 2 : QLX_COUNT;
    }

    void add(int index, boolean lgi, int qhsCounts, int qhlCounts, int qlxCounts) {
        final long[] t = table;
        int s = index * SLOT;
        t[s + COUNT]++;
        t[s + QHS] += qhsCounts;
        t[s + QHL] += qhlCounts;
        int x = s + qlx(lgi);
        t[x]++;
        t[x + 1] += qlxCounts;
        updateMeans(index);
    }

    long count(int index) {
        return table[index * SLOT + COUNT];
    }

    long qlxCount(int index, boolean lgi) {
        return table[index * SLOT + qlx(lgi)];
    }

    void clear() {
        Arrays.fill(table, 0);
        Arrays.fill(means, Float.NaN);
    }

    boolean isEmpty() {
        for (int i = 0; i < CELLS; i++) {
            if (table[i * SLOT + COUNT] != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Handoff state: per field, the values of all cells as base64 of their big-endian values (a
     * few MB of text rather than some 10^6 boxed numbers). {@link #restore} also takes lists of
     * numbers.
     */
    Map<String, Object> toState() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cells", CELLS);
        m.put("encoding", "base64 of big-endian int64, cell by cell");
        for (int f = 0; f < FIELDS.length; f++) {
            long[] column = new long[CELLS];
            for (int i = 0; i < CELLS; i++) {
                column[i] = table[i * SLOT + OFFSETS[f]];
            }
            m.put(FIELDS[f], encode(column));
        }
        return m;
    }

    private static final String[] FIELDS = {"count", "qhs", "qhl", "qlx.count", "qlx", "qlx.lgi.count", "qlx.lgi"};
    private static final int[] OFFSETS = {COUNT, QHS, QHL, QLX_COUNT, QLX, QLX_COUNT + 2, QLX + 2};

    /** Restores from {@link #toState()}; false (and empty) if the state is not a table of this size. */
    boolean restore(Object state) {
        clear();
        if (!(state instanceof Map<?, ?> m) || !(m.get("cells") instanceof Number n) || n.intValue() != CELLS) {
            return false;
        }
        long[] column = new long[CELLS];
        for (int f = 0; f < FIELDS.length; f++) {
            if (!decode(m.get(FIELDS[f]), column)) {
                clear();
                return false;
            }
            boolean isCount = OFFSETS[f] == COUNT || OFFSETS[f] == QLX_COUNT || OFFSETS[f] == QLX_COUNT + 2;
            for (int i = 0; i < CELLS; i++) {
                if (isCount && column[i] < 0) {
                    clear();
                    return false;
                }
                table[i * SLOT + OFFSETS[f]] = column[i];
            }
        }
        minimum(minimum);
        return true;
    }

    static String encode(long[] a) {
        ByteBuffer b = ByteBuffer.allocate(8 * a.length);
        b.asLongBuffer().put(a);
        return Base64.getEncoder().encodeToString(b.array());
    }

    static boolean decode(Object v, long[] into) {
        if (v instanceof String s) {
            byte[] bytes = bytes(s);
            if (bytes == null || bytes.length != 8 * into.length) {
                return false;
            }
            ByteBuffer.wrap(bytes).asLongBuffer().get(into);
            return true;
        }
        if (v instanceof List<?> l && l.size() == into.length) {
            for (int i = 0; i < into.length; i++) {
                if (!(l.get(i) instanceof Number n)) {
                    return false;
                }
                into[i] = n.longValue();
            }
            return true;
        }
        return false;
    }

    private static byte[] bytes(String s) {
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

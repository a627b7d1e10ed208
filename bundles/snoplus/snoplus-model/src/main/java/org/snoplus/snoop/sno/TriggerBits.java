package org.snoplus.snoop.sno;

import java.util.Locale;

/**
 * The 27 bits of the MTC/D trigger word, in bit order, and their names as SNO+ writes them.
 * {@code (word & TriggerBits.N100M) != 0} tests a bit; {@link #name(int)} names bit {@code i};
 * {@link #mask(String, String...)} reads a configured selection of bits.
 */
public final class TriggerBits {

    public static final int N100L = 1;
    public static final int N100M = 1 << 1;
    public static final int N100H = 1 << 2;
    public static final int N20 = 1 << 3;
    public static final int N20LB = 1 << 4;
    public static final int ESUML = 1 << 5;
    public static final int ESUMH = 1 << 6;
    public static final int OWLN = 1 << 7;
    public static final int OWLEL = 1 << 8;
    public static final int OWLEH = 1 << 9;
    public static final int PULGT = 1 << 10;
    public static final int PRESCL = 1 << 11;
    public static final int PED = 1 << 12;
    public static final int PONG = 1 << 13;
    public static final int SYNC = 1 << 14;
    public static final int EXTA = 1 << 15;
    public static final int EXT2 = 1 << 16;
    public static final int EXT3 = 1 << 17;
    public static final int EXT4 = 1 << 18;
    public static final int EXT5 = 1 << 19;
    public static final int EXT6 = 1 << 20;
    public static final int EXT7 = 1 << 21;
    public static final int EXT8 = 1 << 22;
    public static final int SRAW = 1 << 23;
    public static final int NCD = 1 << 24;
    public static final int SOFGT = 1 << 25;
    public static final int MISS = 1 << 26;

    /** Number of trigger bits. */
    public static final int COUNT = 27;
    /** All trigger bits. */
    public static final int MASK = (1 << COUNT) - 1;

    private static final String[] NAMES = {"100L", "100M", "100H", "20", "20LB", "ESUML", "ESUMH", "OWLN",
        "OWLEL", "OWLEH", "PULGT", "PRESCL", "PED", "PONG", "SYNC", "EXTA", "EXT2", "EXT3", "EXT4", "EXT5", "EXT6",
        "EXT7", "EXT8", "SRAW", "NCD", "SOFGT", "MISS"};

    private TriggerBits() {
    }

    /** The name of bit {@code i} (0..26), e.g. {@code "100M"} for bit 1. */
    public static String name(int bit) {
        return NAMES[bit];
    }

    /** The bit index of a name ({@code "100M"}, also accepted as {@code "N100M"}), or -1. */
    public static int bit(String name) {
        String n = name.startsWith("N1") || name.startsWith("N2") ? name.substring(1) : name;
        for (int i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equalsIgnoreCase(n)) {
                return i;
            }
        }
        return -1;
    }

    /** The names of the bits set in {@code word}, in bit order, joined with {@code ','}. */
    public static String names(int word) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < COUNT; i++) {
            if ((word & (1 << i)) != 0) {
                if (b.length() > 0) {
                    b.append(',');
                }
                b.append(NAMES[i]);
            }
        }
        return b.toString();
    }

    /**
     * The trigger mask a configuration list of bit names selects: {@code "100L"}, {@code "PED"}...
     * as {@link #bit(String)} reads them (case does not matter), {@code "ALL"} for every bit, and
     * {@code "-NAME"} (or {@code "-ALL"}) to take bits out again; read left to right. Items may be
     * split over several values or joined with commas and blanks in one, so
     * {@code triggers = ALL,-PED,-PULGT} in a {@code .cfg} file and
     * {@code triggers=["ALL","-PED","-PULGT"]} in a {@code .config} file give the same mask.
     *
     * @param key the configuration key the items come from, named in the error
     * @param items the configured values; {@code null} (or {@code null} values) select nothing
     * @return the selected bits, {@code 0} when none
     * @throws IllegalArgumentException {@code "bad configuration: <key> holds '<item>', ..."} when
     *         an item is not a trigger bit
     * @since 1.1
     */
    public static int mask(String key, String... items) {
        int mask = 0;
        if (items == null) {
            return 0;
        }
        for (String value : items) {
            if (value == null) {
                continue;
            }
            for (String item : value.trim().split("[,\\s]+")) {
                if (item.isEmpty()) {
                    continue;
                }
                boolean remove = item.startsWith("-");
                String name = remove ? item.substring(1) : item;
                int bits;
                if (name.equalsIgnoreCase("ALL")) {
                    bits = MASK;
                } else {
                    int bit = bit(name.toUpperCase(Locale.ROOT));
                    if (bit < 0) {
                        throw new IllegalArgumentException("bad configuration: " + key + " holds '" + item
                                + "', which is not a trigger bit (ALL, " + names(MASK)
                                + ", each optionally preceded by '-')");
                    }
                    bits = 1 << bit;
                }
                mask = remove ? mask & ~bits : mask | bits;
            }
        }
        return mask;
    }
}

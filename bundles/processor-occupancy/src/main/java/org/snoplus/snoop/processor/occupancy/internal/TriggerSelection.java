package org.snoplus.snoop.processor.occupancy.internal;

import java.util.Locale;

import org.snoplus.snoop.sno.TriggerBits;

/**
 * Trigger masks from configuration lists of bit names: {@code "100L"}, {@code "PED"}... as
 * {@link TriggerBits} names them, {@code "ALL"} for every bit, and {@code "-NAME"} (or
 * {@code "-ALL"}) to take a bit out again; read left to right. Items may be split over several
 * values or joined with commas and blanks in one, so {@code triggers = ALL,-PED,-PULGT} in a
 * {@code .cfg} file and {@code triggers=["ALL","-PED","-PULGT"]} in a {@code .config} file mean
 * the same.
 */
final class TriggerSelection {

    private TriggerSelection() {
    }

    /**
     * The mask the items describe.
     *
     * @throws IllegalArgumentException naming {@code key} when an item is not a trigger bit
     */
    static int mask(String key, String[] items) {
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
                    bits = TriggerBits.MASK;
                } else {
                    int bit = TriggerBits.bit(name.toUpperCase(Locale.ROOT));
                    if (bit < 0) {
                        throw new IllegalArgumentException("bad configuration: " + key + " holds '" + item
                                + "', which is not a trigger bit (ALL, " + TriggerBits.names(TriggerBits.MASK)
                                + ", each optionally preceded by '-')");
                    }
                    bits = 1 << bit;
                }
                mask = remove ? mask & ~bits : mask | bits;
            }
        }
        return mask;
    }

    /** The names of the bits of {@code mask}, comma-separated; {@code ""} when none. */
    static String names(int mask) {
        return TriggerBits.names(mask);
    }
}

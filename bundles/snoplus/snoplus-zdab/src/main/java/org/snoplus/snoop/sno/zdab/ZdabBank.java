package org.snoplus.snoop.sno.zdab;

import java.util.Arrays;

/**
 * A bank of a ZDAB file that has no decoder here ({@code MAST}, and whatever else a file holds):
 * its name and its data words, as they are in the file.
 */
public final class ZdabBank {

    private final int name;
    private final int[] words;

    public ZdabBank(int name, int[] words) {
        this.name = name;
        this.words = words.clone();
    }

    /** The bank's name as the 32-bit word of the file ({@code 0x4D415354} for {@code MAST}). */
    public int nameCode() {
        return name;
    }

    /** The bank's name, four characters ({@link ZdabCodec#bankName}). */
    public String name() {
        return ZdabCodec.bankName(name);
    }

    /** Number of data words. */
    public int size() {
        return words.length;
    }

    /** Data word {@code i}. */
    public int word(int i) {
        return words[i];
    }

    /** The data words (a copy). */
    public int[] words() {
        return words.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ZdabBank b && b.name == name && Arrays.equals(b.words, words);
    }

    @Override
    public int hashCode() {
        return 31 * name + Arrays.hashCode(words);
    }

    @Override
    public String toString() {
        return "ZdabBank[" + name() + ", " + words.length + " words]";
    }
}

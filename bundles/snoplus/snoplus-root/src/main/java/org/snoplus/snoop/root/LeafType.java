package org.snoplus.snoop.root;

/**
 * The type of the values of a branch, as its leaf stores them. The {@link #code()} is the letter ROOT uses
 * in a branch's leaf list ({@code "x/F"}, {@code "n/i"}).
 */
public enum LeafType {
    /** {@code Bool_t}, one byte, leaf {@code TLeafO}. */
    BOOL('O', 1),
    /** {@code Char_t}, leaf {@code TLeafB}. */
    INT8('B', 1),
    /** {@code UChar_t}, leaf {@code TLeafB} marked unsigned. */
    UINT8('b', 1),
    /** {@code Short_t}, leaf {@code TLeafS}. */
    INT16('S', 2),
    /** {@code UShort_t}, leaf {@code TLeafS} marked unsigned. */
    UINT16('s', 2),
    /** {@code Int_t}, leaf {@code TLeafI}. */
    INT32('I', 4),
    /** {@code UInt_t}, leaf {@code TLeafI} marked unsigned. */
    UINT32('i', 4),
    /** {@code Long64_t} (and {@code Long_t}, written as 64 bits), leaf {@code TLeafL} or {@code TLeafG}. */
    INT64('L', 8),
    /** {@code ULong64_t}, leaf {@code TLeafL} marked unsigned. */
    UINT64('l', 8),
    /** {@code Float_t}, leaf {@code TLeafF}. */
    FLOAT('F', 4),
    /** {@code Double_t}, leaf {@code TLeafD}. */
    DOUBLE('D', 8),
    /** A C string, leaf {@code TLeafC}: one string per entry. */
    STRING('C', 0);

    private final char code;
    private final int size;

    LeafType(char code, int size) {
        this.code = code;
        this.size = size;
    }

    /** The leaf-list letter ROOT uses for this type. */
    public char code() {
        return code;
    }

    /** Bytes per value on disk; 0 for {@link #STRING}, whose entries vary in length. */
    public int size() {
        return size;
    }

    /** Whether values are integers (signed or unsigned); {@link #BOOL} is not. */
    public boolean isInteger() {
        return this != BOOL && this != FLOAT && this != DOUBLE && this != STRING;
    }

    /** Whether values are {@code FLOAT} or {@code DOUBLE}. */
    public boolean isFloatingPoint() {
        return this == FLOAT || this == DOUBLE;
    }

    /** Whether an integer type is unsigned. */
    public boolean isUnsigned() {
        return this == UINT8 || this == UINT16 || this == UINT32 || this == UINT64;
    }
}

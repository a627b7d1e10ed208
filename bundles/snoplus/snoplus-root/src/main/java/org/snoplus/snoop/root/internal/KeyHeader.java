package org.snoplus.snoop.root.internal;

import org.snoplus.snoop.root.RootFormatException;

/**
 * The header every object on disk starts with (a TKey): how many bytes the record takes, how long the object is
 * once uncompressed, where the object data starts (after {@code keyLen} bytes), and the object's class and name.
 * Keys of version above 1000 carry 64-bit file offsets.
 */
record KeyHeader(long position, int nbytes, int version, int objLen, int keyLen, int cycle, long seekKey,
                 long seekPdir, String className, String name, String title) {

    /** The smallest possible key: the fixed fields of a small-file key and three empty strings. */
    static final int MIN_SIZE = 4 + 2 + 4 + 4 + 2 + 2 + 4 + 4 + 3;

    static KeyHeader read(ByteReader r, long position) throws RootFormatException {
        int start = r.pos();
        int nbytes = r.i32();
        int version = r.i16();
        int objLen = r.i32();
        r.u32(); // datime
        int keyLen = r.i16();
        int cycle = r.i16();
        boolean large = version > 1000;
        long seekKey = large ? r.i64() : r.u32();
        long seekPdir = large ? r.i64() : r.u32();
        String className = r.tstring();
        String name = r.tstring();
        String title = r.tstring();
        int read = r.pos() - start;
        if (keyLen < read) {
            throw r.error("key '" + name + "' says its header is " + keyLen + " bytes long but it takes " + read);
        }
        if (nbytes < keyLen) {
            throw r.error("key '" + name + "' takes " + nbytes + " bytes, fewer than its header of " + keyLen);
        }
        if (objLen < 0) {
            throw r.error("key '" + name + "' has a negative object length " + objLen);
        }
        return new KeyHeader(position, nbytes, version, objLen, keyLen, cycle, seekKey, seekPdir, className, name,
                title);
    }

    /** Bytes of object data on disk, after the header. */
    int storedLen() {
        return nbytes - keyLen;
    }

    /**
     * ROOT stores an object uncompressed when compressing would not make it smaller; it then tells the two apart
     * only by the lengths, as here.
     */
    boolean compressed() {
        return objLen > storedLen();
    }

    /** File offset of the object data. */
    long dataPosition() {
        return position + keyLen;
    }
}

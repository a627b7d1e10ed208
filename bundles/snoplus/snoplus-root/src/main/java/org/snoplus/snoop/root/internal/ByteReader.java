package org.snoplus.snoop.root.internal;

import java.nio.charset.StandardCharsets;

import org.snoplus.snoop.root.RootFormatException;

/**
 * A cursor over a byte array holding big-endian ROOT data (keys, directories, streamed objects). Every read is
 * checked against the end of the data, and every count read from the data is checked against the bytes left
 * before anything is allocated, so a corrupt length fails here with the position instead of in an
 * {@code ArrayIndexOutOfBoundsException} or a 2 GB allocation.
 */
final class ByteReader {

    private final byte[] buf;
    private final int end;
    private final Origin origin;
    private int pos;

    ByteReader(byte[] buf, int start, int end, Origin origin) {
        this.buf = buf;
        this.pos = start;
        this.end = end;
        this.origin = origin;
    }

    Origin origin() {
        return origin;
    }

    int pos() {
        return pos;
    }

    int end() {
        return end;
    }

    int remaining() {
        return end - pos;
    }

    void seek(long newPos, String what) throws RootFormatException {
        if (newPos < 0 || newPos > end) {
            throw error("the " + what + " points to byte " + newPos + ", outside the " + end + " bytes of data");
        }
        pos = (int) newPos;
    }

    void need(long n, String what) throws RootFormatException {
        if (n < 0 || n > end - pos) {
            throw error(what + " needs " + n + " bytes but only " + (end - pos) + " are left");
        }
    }

    void skip(long n) throws RootFormatException {
        need(n, "skipping");
        pos += (int) n;
    }

    int u8() throws RootFormatException {
        need(1, "a byte");
        return buf[pos++] & 0xff;
    }

    int i16() throws RootFormatException {
        need(2, "a 16-bit integer");
        int v = (short) BigEndian.getShort(buf, pos);
        pos += 2;
        return v;
    }

    int u16() throws RootFormatException {
        return i16() & 0xffff;
    }

    int i32() throws RootFormatException {
        need(4, "a 32-bit integer");
        int v = BigEndian.getInt(buf, pos);
        pos += 4;
        return v;
    }

    long u32() throws RootFormatException {
        return i32() & 0xffffffffL;
    }

    long i64() throws RootFormatException {
        need(8, "a 64-bit integer");
        long v = BigEndian.getLong(buf, pos);
        pos += 8;
        return v;
    }

    float f32() throws RootFormatException {
        return Float.intBitsToFloat(i32());
    }

    double f64() throws RootFormatException {
        return Double.longBitsToDouble(i64());
    }

    /** A TString: one length byte, or 255 and a 32-bit length, then the characters. */
    String tstring() throws RootFormatException {
        int n = u8();
        if (n == 255) {
            n = i32();
        }
        need(n, "a string");
        String s = new String(buf, pos, n, StandardCharsets.UTF_8);
        pos += n;
        return s;
    }

    /** A NUL-terminated class name, as an object's class tag carries it. */
    String cstring(int max) throws RootFormatException {
        int limit = Math.min(end, pos + max);
        for (int i = pos; i < limit; i++) {
            if (buf[i] == 0) {
                String s = new String(buf, pos, i - pos, StandardCharsets.ISO_8859_1);
                pos = i + 1;
                return s;
            }
        }
        throw error("a class name has no terminating NUL within " + max + " bytes");
    }

    /** Checks that {@code count} values of {@code size} bytes fit in what is left, before allocating them. */
    int count(long count, int size, String what) throws RootFormatException {
        if (count < 0 || count * size > end - pos) {
            throw error(what + " claims " + count + " values of " + size + " bytes but only " + (end - pos)
                    + " bytes are left");
        }
        return (int) count;
    }

    RootFormatException error(String detail) {
        return origin.error(pos, detail);
    }

    byte[] array() {
        return buf;
    }
}

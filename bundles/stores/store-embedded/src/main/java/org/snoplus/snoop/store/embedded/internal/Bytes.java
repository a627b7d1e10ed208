package org.snoplus.snoop.store.embedded.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growing byte array with the few encodings the store uses. */
final class Bytes {
    private byte[] buf = new byte[256];
    private int size;

    void ensure(int n) {
        if (size + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
        }
    }

    void put(int b) {
        ensure(1);
        buf[size++] = (byte) b;
    }

    void put(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, size, len);
        size += len;
    }

    void varint(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buf[size++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
    }

    void zigzag(long v) {
        varint((v << 1) ^ (v >> 63));
    }

    void doubleBits(double d) {
        long bits = Double.doubleToRawLongBits(d);
        ensure(8);
        for (int i = 7; i >= 0; i--) {
            buf[size++] = (byte) (bits >>> (i * 8));
        }
    }

    /** A string or null: its UTF-8 length + 1 (0 for null), then the bytes. */
    void string(String s) {
        if (s == null) {
            varint(0);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        varint(b.length + 1L);
        put(b, 0, b.length);
    }

    int size() {
        return size;
    }

    /** The buffer itself: its first {@link #size()} bytes are the content. */
    byte[] array() {
        return buf;
    }

    byte[] toArray() {
        return Arrays.copyOf(buf, size);
    }

    /** Reads a double written by {@link #doubleBits}. */
    static double readDouble(ByteBuffer in) {
        return Double.longBitsToDouble(in.getLong());
    }

    static long readVarint(ByteBuffer in) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("malformed number at byte " + in.position());
    }

    static int readVarint32(ByteBuffer in) {
        long v = readVarint(in);
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("malformed length " + v + " at byte " + in.position());
        }
        return (int) v;
    }

    static long readZigzag(ByteBuffer in) {
        long v = readVarint(in);
        return (v >>> 1) ^ -(v & 1);
    }

    static String readString(ByteBuffer in) {
        int n = readVarint32(in);
        if (n == 0) {
            return null;
        }
        String s = new String(in.array(), in.arrayOffset() + in.position(), n - 1, StandardCharsets.UTF_8);
        in.position(in.position() + n - 1);
        return s;
    }
}

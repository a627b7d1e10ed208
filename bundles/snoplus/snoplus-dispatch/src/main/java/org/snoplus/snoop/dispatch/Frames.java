package org.snoplus.snoop.dispatch;

import java.nio.charset.StandardCharsets;

/**
 * The dispatcher's framing ({@code displowl.h}, {@code tagbl.c}): every message is a 12-byte header
 * — the tag, 1 to 8 printable ASCII characters padded with NULs, then the payload's size as a
 * 4-byte big-endian integer — followed by the payload. There is no magic, no checksum and no way
 * to find the next frame after a bad header.
 *
 * <p>Tags are compared as their 8 bytes read as a big-endian {@code long} ({@link #tag(String)}),
 * so that reading a frame allocates nothing.
 */
public final class Frames {

    /** The dispatcher's TCP port ({@code DISPATCH_PORT}). */
    public static final int DEFAULT_PORT = 5553;
    /** Bytes of a frame header. */
    public static final int HEADER_BYTES = 12;
    /** Bytes of a tag. */
    public static final int TAG_BYTES = 8;

    /** PMT event records: the payload is {@code 'PMT '}, 44, {@code 'PTK0'} and the record. */
    public static final long RAWDATA = tag("RAWDATA");
    /** Run, trigger and pedestal headers: {@code 'RUN '}, {@code 'TRIG'}, {@code 'EPED'} records. */
    public static final long RECHDR = tag("RECHDR");
    public static final long SUBSCRIBE = tag("Subscrib");
    public static final long ALWAYS = tag("Always");
    public static final long MY_ID = tag("MyId");
    /** Asks for the next frame (a client without {@code Always}). */
    public static final long GIME = tag("Gime");

    private Frames() {
    }

    /**
     * The bits of a tag as it is on the wire.
     *
     * @throws IllegalArgumentException when it is not 1 to 8 printable ASCII characters
     */
    public static long tag(String name) {
        byte[] b = name.getBytes(StandardCharsets.US_ASCII);
        if (b.length < 1 || b.length > TAG_BYTES || !name.chars().allMatch(c -> c > 0x20 && c < 0x7F)) {
            throw new IllegalArgumentException("a tag is 1 to 8 printable ASCII characters, not '" + name + "'");
        }
        long v = 0;
        for (int i = 0; i < TAG_BYTES; i++) {
            v = v << 8 | (i < b.length ? b[i] & 0xFF : 0);
        }
        return v;
    }

    /** The tag's bits at {@code offset} (no check). */
    public static long tag(byte[] buf, int offset) {
        long v = 0;
        for (int i = 0; i < TAG_BYTES; i++) {
            v = v << 8 | buf[offset + i] & 0xFF;
        }
        return v;
    }

    /**
     * Whether the bits are a tag: printable characters, then only NULs, at least one character. A
     * frame whose tag is not one is a stream out of step or not a dispatcher at all.
     */
    public static boolean isTag(long bits) {
        boolean padding = false;
        int characters = 0;
        for (int i = 0; i < TAG_BYTES; i++) {
            int c = (int) (bits >>> 8 * (TAG_BYTES - 1 - i)) & 0xFF;
            if (c == 0) {
                padding = true;
            } else if (padding || c <= 0x20 || c >= 0x7F) {
                return false;
            } else {
                characters++;
            }
        }
        return characters > 0;
    }

    /** A tag's bits as text: its characters, other bytes as {@code \xNN}. */
    public static String name(long bits) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < TAG_BYTES; i++) {
            int c = (int) (bits >>> 8 * (TAG_BYTES - 1 - i)) & 0xFF;
            if (c == 0 && isTag(bits)) {
                break;
            }
            if (c > 0x20 && c < 0x7F) {
                b.append((char) c);
            } else {
                b.append(String.format("\\x%02x", c));
            }
        }
        return b.toString();
    }

    /** The size field at {@code offset + 8} (may be negative: check it). */
    public static int size(byte[] buf, int offset) {
        return (buf[offset + 8] & 0xFF) << 24 | (buf[offset + 9] & 0xFF) << 16 | (buf[offset + 10] & 0xFF) << 8
                | buf[offset + 11] & 0xFF;
    }

    /** Writes a header at {@code offset}. */
    public static void header(byte[] out, int offset, long tag, int size) {
        for (int i = 0; i < TAG_BYTES; i++) {
            out[offset + i] = (byte) (tag >>> 8 * (TAG_BYTES - 1 - i));
        }
        out[offset + 8] = (byte) (size >>> 24);
        out[offset + 9] = (byte) (size >>> 16);
        out[offset + 10] = (byte) (size >>> 8);
        out[offset + 11] = (byte) size;
    }

    /** A whole frame in a new array. */
    public static byte[] frame(long tag, byte[] payload, int offset, int length) {
        byte[] f = new byte[HEADER_BYTES + length];
        header(f, 0, tag, length);
        System.arraycopy(payload, offset, f, HEADER_BYTES, length);
        return f;
    }

    /** A frame whose payload is text (control messages: {@code Subscrib}, {@code MyId}), without a NUL. */
    public static byte[] frame(long tag, String text) {
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        return frame(tag, t, 0, t.length);
    }
}

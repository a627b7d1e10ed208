package org.snoplus.snoop.root.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

import org.snoplus.snoop.root.RootFormatException;
import org.tukaani.xz.ArrayCache;
import org.tukaani.xz.BasicArrayCache;
import org.tukaani.xz.XZInputStream;

import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;
import net.jpountz.xxhash.XXHash64;
import net.jpountz.xxhash.XXHashFactory;

/**
 * Undoes ROOT's compression of one object or basket. ROOT cuts the data into blocks of at most 16 MiB - 1,
 * each with a 9-byte header: two letters naming the algorithm, a method byte, the compressed and the
 * uncompressed size as 3-byte little-endian numbers. Then:
 * <ul>
 * <li>{@code ZL}: a zlib stream (header and Adler-32 included, so Java's {@link Inflater} checks it);</li>
 * <li>{@code XZ}: a complete .xz stream (LZMA2, with its own CRC);</li>
 * <li>{@code L4}: an 8-byte XXH64 (seed 0, stored big-endian) of the LZ4 block that follows, then a raw LZ4
 * block; the compressed size counts the checksum. The checksum is verified, as ROOT does, because LZ4 itself
 * carries none: a flipped bit would otherwise decode to plausible wrong numbers.</li>
 * </ul>
 * {@code ZS} (zstd) and {@code CS} (ROOT's pre-2000 algorithm) are named and refused.
 *
 * <p>One instance per reader thread: the Inflater, the LZ4 decoder and the XZ array cache (LZMA dictionaries of
 * several MiB) are reused from basket to basket instead of reallocated. {@link #close()} frees the Inflater's
 * native memory.
 */
final class Unzipper implements AutoCloseable {

    static final int HEADER = 9;
    /** Enough for ROOT's highest LZMA level (64 MiB dictionary); a corrupt header asking more is refused. */
    private static final int XZ_MEMORY_LIMIT_KIB = 96 * 1024;

    private final Inflater inflater = new Inflater();
    private final LZ4SafeDecompressor lz4 = LZ4Factory.safeInstance().safeDecompressor();
    private final XXHash64 xxhash = XXHashFactory.safeInstance().hash64();
    private final ArrayCache xzCache = new BasicArrayCache();
    private final byte[] oneByte = new byte[1];

    /**
     * Walks the block headers of compressed data, without decompressing, and returns the uncompressed size they
     * add up to. Run before allocating the output: the sizes in a damaged header are caught here, against the
     * bytes actually present, instead of being allocated.
     */
    static long declaredSize(byte[] src, int off, int len, Origin origin) throws RootFormatException {
        long total = 0;
        int p = off;
        int end = off + len;
        while (p < end) {
            if (end - p < HEADER) {
                throw origin.error(p - off, "a compressed block header needs " + HEADER + " bytes but only "
                        + (end - p) + " are left");
            }
            int c = u24(src, p + 3);
            int u = u24(src, p + 6);
            if (c > end - p - HEADER) {
                throw origin.error(p - off, "a compressed block claims " + c + " bytes but only "
                        + (end - p - HEADER) + " are left in the record");
            }
            total += u;
            p += HEADER + c;
        }
        return total;
    }

    /**
     * Decompresses {@code srcLen} bytes of blocks into exactly {@code dstLen} bytes of {@code dst}.
     *
     * @param origin where {@code src[srcOff]} lies, for messages
     */
    void unzip(byte[] src, int srcOff, int srcLen, byte[] dst, int dstLen, Origin origin) throws RootFormatException,
            org.snoplus.snoop.root.UnsupportedRootException {
        int p = srcOff;
        int end = srcOff + srcLen;
        int out = 0;
        while (out < dstLen) {
            int at = p - srcOff;
            if (end - p < HEADER) {
                throw origin.error(at, "the compressed data ends after " + out + " of " + dstLen
                        + " uncompressed bytes");
            }
            char a = (char) (src[p] & 0xff);
            char b = (char) (src[p + 1] & 0xff);
            int method = src[p + 2] & 0xff;
            int c = u24(src, p + 3);
            int u = u24(src, p + 6);
            if (c > end - p - HEADER) {
                throw origin.error(at, "a compressed block claims " + c + " bytes but only " + (end - p - HEADER)
                        + " are left");
            }
            if (u > dstLen - out) {
                throw origin.error(at, "a compressed block claims " + u + " uncompressed bytes but only "
                        + (dstLen - out) + " are expected");
            }
            int data = p + HEADER;
            if (a == 'Z' && b == 'L') {
                if (method != 8) {
                    throw origin.error(at, "ZLIB block with method " + method + " instead of 8 (deflate)");
                }
                inflate(src, data, c, dst, out, u, origin, at);
            } else if (a == 'X' && b == 'Z') {
                unxz(src, data, c, dst, out, u, origin, at);
            } else if (a == 'L' && b == '4') {
                unlz4(src, data, c, dst, out, u, origin, at);
            } else if (a == 'Z' && b == 'S') {
                throw origin.unsupported(at, "compressed with ZSTD (algorithm tag 'ZS'), which this reader does not"
                        + " support (it reads ZLIB, LZMA and LZ4)");
            } else if (a == 'C' && b == 'S') {
                throw origin.unsupported(at, "compressed with ROOT's old algorithm (tag 'CS'), which this reader does"
                        + " not support (it reads ZLIB, LZMA and LZ4)");
            } else if (isTagChar(a) && isTagChar(b)) {
                throw origin.unsupported(at, "compressed with an unknown algorithm (tag '" + a + b
                        + "'); this reader supports ZLIB ('ZL'), LZMA ('XZ') and LZ4 ('L4')");
            } else {
                throw origin.error(at, String.format("no compressed block header where one must start (bytes %02x %02x)",
                        (int) a, (int) b));
            }
            out += u;
            p = data + c;
        }
    }

    private void inflate(byte[] src, int off, int len, byte[] dst, int dstOff, int u, Origin origin, int at)
            throws RootFormatException {
        inflater.reset();
        inflater.setInput(src, off, len);
        try {
            int n = 0;
            while (n < u) {
                int k = inflater.inflate(dst, dstOff + n, u - n);
                if (k == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                n += k;
            }
            // the output can be full before the Adler-32 trailer is read: one more call, with room for a byte
            // that must not come, reads it and tells whether the stream really ends here
            if (n == u && !inflater.finished() && inflater.inflate(oneByte, 0, 1) > 0) {
                n++;
            }
            if (n != u || !inflater.finished()) {
                throw origin.error(at, "ZLIB block decompressed to " + (n > u ? "more than " + u : n) + " bytes"
                        + (inflater.finished() ? "" : " without reaching its end") + ", its header says " + u);
            }
        } catch (DataFormatException e) {
            throw origin.error(at, "corrupt ZLIB block: " + e.getMessage(), e);
        }
    }

    private void unxz(byte[] src, int off, int len, byte[] dst, int dstOff, int u, Origin origin, int at)
            throws RootFormatException {
        try (InputStream in = new XZInputStream(new ByteArrayInputStream(src, off, len), XZ_MEMORY_LIMIT_KIB, true,
                xzCache)) {
            int n = in.readNBytes(dst, dstOff, u);
            if (n != u || in.read() != -1) {
                throw origin.error(at, "LZMA block decompressed to " + (n == u ? "more than " + u : n)
                        + " bytes, its header says " + u);
            }
        } catch (RootFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // XZ reports corrupt input as CorruptedInputException/MemoryLimitException, and a few malformed
            // headers as unchecked exceptions: both are damage in the file
            throw origin.error(at, "corrupt LZMA block: " + e, e);
        }
    }

    private void unlz4(byte[] src, int off, int len, byte[] dst, int dstOff, int u, Origin origin, int at)
            throws RootFormatException {
        if (len < 8) {
            throw origin.error(at, "LZ4 block of " + len + " bytes is too short for its 8-byte checksum");
        }
        long stored = BigEndian.getLong(src, off);
        long computed = xxhash.hash(src, off + 8, len - 8, 0L);
        if (stored != computed) {
            throw origin.error(at, String.format("LZ4 block checksum mismatch: the file says %016x, the data hashes to"
                    + " %016x (the block is corrupt)", stored, computed));
        }
        try {
            int n = lz4.decompress(src, off + 8, len - 8, dst, dstOff, u);
            if (n != u) {
                throw origin.error(at, "LZ4 block decompressed to " + n + " bytes, its header says " + u);
            }
        } catch (LZ4Exception e) {
            throw origin.error(at, "corrupt LZ4 block: " + e.getMessage(), e);
        }
    }

    private static boolean isTagChar(char ch) {
        return (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9');
    }

    private static int u24(byte[] b, int p) {
        return (b[p] & 0xff) | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff) << 16;
    }

    @Override
    public void close() {
        inflater.end();
    }
}

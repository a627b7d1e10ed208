package org.snoplus.snoop.root.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.snoplus.snoop.root.BranchShape;
import org.snoplus.snoop.root.LeafType;
import org.snoplus.snoop.root.RootException;
import org.snoplus.snoop.root.RootFormatException;

/**
 * One branch as a cursor reads it: the basket holding the current entry, uncompressed into a reused array, and
 * where the current entry's bytes are in it.
 *
 * <p>A basket on disk is a TKey header followed by TBasket's own fields ({@code fBufferSize},
 * {@code fNevBufSize}, {@code fNevBuf} entries, {@code fLast}), then the (possibly compressed) buffer. In the
 * uncompressed buffer the entries' bytes come first, up to {@code fLast - fKeylen}; for branches whose entries
 * vary in size (arrays with a counter, strings) an array follows: its length, then the start of each entry
 * counted from the start of the key record (so {@code fKeylen} is subtracted). Values are big-endian; a
 * string entry is a length byte (255 and a 32-bit length for long ones) and the characters.
 */
final class Column {

    /** A TBasket's IO bit saying entry offsets were not stored but are to be computed from the counter. */
    private static final int GENERATE_OFFSET_MAP = 1;

    final Branch branch;
    final LeafType type;
    final int size;
    private final boolean variable;
    private final FileSource source;
    private final Unzipper unzipper;
    private final long maxObjectBytes;

    private byte[] raw = new byte[0];
    private byte[] data = new byte[0];
    private int[] offsets = new int[0];
    /** The array the entries are decoded from ({@link #raw} for an uncompressed basket) and where they start. */
    byte[] buf = data;
    int base;
    private int basket = -1;
    private long first;
    private long end;
    private int failedBasket = -1;
    private RootException failure;

    /** The current entry: byte offset in {@link #buf} and number of values (string: its length in bytes). */
    int start;
    int count;

    Column(Branch branch, FileSource source, Unzipper unzipper, long maxObjectBytes) {
        this.branch = branch;
        this.type = branch.type;
        this.size = Math.max(1, type.size());
        this.variable = branch.entrySize == 0;
        this.source = source;
        this.unzipper = unzipper;
        this.maxObjectBytes = maxObjectBytes;
    }

    /** Points at {@code entry}, loading its basket when it is not the current one. */
    void position(long entry) throws IOException {
        if (entry < first || entry >= end) {
            load(branch.basketOf(entry));
        }
        int i = (int) (entry - first);
        if (!variable) {
            start = base + i * branch.entrySize;
            count = branch.fixedLength;
            return;
        }
        int s = offsets[i];
        int bytes = offsets[i + 1] - s;
        if (type == LeafType.STRING) {
            int n = bytes > 0 ? buf[base + s] & 0xff : 0;
            int header = 1;
            if (n == 255) {
                n = bytes >= 5 ? BigEndian.getInt(buf, base + s + 1) : -1;
                header = 5;
            }
            if (bytes == 0 || n < 0 || n > bytes - header) {
                throw fail(s, "entry " + entry + " holds " + bytes + " bytes, too few for its string of length " + n);
            }
            start = base + s + header;
            count = n;
        } else {
            if (bytes % size != 0) {
                throw fail(s, "entry " + entry + " holds " + bytes + " bytes, not a whole number of " + size
                        + "-byte values");
            }
            start = base + s;
            count = bytes / size;
        }
    }

    /** Values in the current entry. */
    int length() {
        return type == LeafType.STRING ? 1 : count;
    }

    String string() {
        return new String(buf, start, count, StandardCharsets.UTF_8);
    }

    private void load(int k) throws IOException {
        if (k == failedBasket) {
            throw failure;
        }
        basket = -1;
        first = 0;
        end = 0;
        try {
            read(k);
        } catch (RootException e) {
            failedBasket = k;
            failure = e;
            throw e;
        }
        basket = k;
        first = branch.basketEntry[k];
        end = branch.basketEntry[k + 1];
    }

    private void read(int k) throws IOException {
        long seek = branch.basketSeek[k];
        int nbytes = branch.basketBytes[k];
        String what = branch.object(k);
        if (raw.length < nbytes) {
            raw = new byte[nbytes];
        }
        source.read(seek, raw, 0, nbytes, what);
        Origin origin = Origin.raw(source.path(), what, seek);
        ByteReader h = new ByteReader(raw, 0, nbytes, origin);
        KeyHeader key = KeyHeader.read(h, seek);
        if (!key.className().equals("TBasket")) {
            throw origin.error(0, "expected a TBasket record here but found a key of class '" + key.className() + "'");
        }
        if (key.nbytes() != nbytes) {
            throw origin.error(0, "the basket's key says it takes " + key.nbytes() + " bytes, the branch's basket"
                    + " table says " + nbytes);
        }
        h.i16(); // TBasket version
        h.i32(); // fBufferSize
        int nevBufSize = h.i32();
        int ioBits = 0;
        if (nevBufSize < 0) {
            ioBits = h.u8(); // written only since ROOT 6.12, flagged by the negative size
        }
        int nevBuf = h.i32();
        int last = h.i32();
        h.u8(); // flag
        if (h.pos() > key.keyLen()) {
            throw origin.error(h.pos(), "the basket header runs past its key length " + key.keyLen());
        }
        long expected = branch.basketEntry[k + 1] - branch.basketEntry[k];
        if (nevBuf != expected) {
            throw origin.error(0, "the basket holds " + nevBuf + " entries, the branch's basket table says " + expected);
        }
        int objLen = key.objLen();
        int border = last - key.keyLen();
        if (border < 0 || border > objLen) {
            throw origin.error(0, "the basket's data ends at " + last + ", outside its " + objLen
                    + " bytes after a key of " + key.keyLen());
        }

        if (key.compressed()) {
            Origin packed = Origin.raw(source.path(), what, key.dataPosition());
            RootFileReader.checkSize(raw, key, packed, maxObjectBytes);
            if (data.length < objLen) {
                data = new byte[objLen];
            }
            unzipper.unzip(raw, key.keyLen(), key.storedLen(), data, objLen, packed);
            buf = data;
            base = 0;
        } else {
            buf = raw;
            base = key.keyLen();
        }
        Origin inside = key.compressed() ? Origin.uncompressed(source.path(), what, seek) : Origin.raw(source.path(), what,
                seek + key.keyLen());

        if (!variable) {
            if ((long) nevBuf * branch.entrySize != border) {
                throw inside.error(0, "the basket holds " + border + " bytes of data for " + nevBuf + " entries of "
                        + branch.entrySize + " bytes");
            }
            return;
        }
        // entry offsets: a count, then one start per entry relative to the key record
        if (objLen - border < 4) {
            if ((ioBits & GENERATE_OFFSET_MAP) != 0) {
                throw origin.unsupported(0, "the basket stores no entry offsets (ROOT's generated offset map), which"
                        + " this reader does not compute");
            }
            throw inside.error(border, "the basket has no entry offsets after its data");
        }
        int n = BigEndian.getInt(buf, base + border);
        if (n < nevBuf || (long) n * 4 > objLen - border - 4) {
            throw inside.error(border, "the basket's entry offset table claims " + n + " entries, for " + nevBuf
                    + " entries in " + (objLen - border - 4) + " bytes");
        }
        if (offsets.length < nevBuf + 1) {
            offsets = new int[nevBuf + 1];
        }
        int prev = 0;
        for (int i = 0; i < nevBuf; i++) {
            int o = BigEndian.getInt(buf, base + border + 4 + 4 * i) - key.keyLen();
            if (o < prev || o > border) {
                throw inside.error(border + 4 + 4 * i, "entry " + (branch.basketEntry[k] + i) + " starts at byte " + o
                        + " of the basket, outside " + prev + ".." + border);
            }
            offsets[i] = o;
            prev = o;
        }
        offsets[nevBuf] = border;
    }

    private RootFormatException fail(int at, String detail) {
        Origin inside = Origin.uncompressed(source.path(), branch.object(basket), branch.basketSeek[basket]);
        RootFormatException e = inside.error(at, detail);
        return e;
    }

    boolean scalar() {
        return branch.shape == BranchShape.SCALAR;
    }

    void release() {
        raw = new byte[0];
        data = raw;
        buf = raw;
        offsets = new int[0];
        first = 0;
        end = 0;
        basket = -1;
    }
}

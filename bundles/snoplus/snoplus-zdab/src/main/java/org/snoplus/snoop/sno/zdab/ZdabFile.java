package org.snoplus.snoop.sno.zdab;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import org.snoplus.snoop.sno.PedestalSettings;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.sno.RunHeader;
import org.snoplus.snoop.sno.TriggerSettings;

/**
 * Reads a ZDAB file record by record, in file order, by walking its structure as the format
 * defines it ({@code docs/ZDAB.md}): ZEBRA physical records (steering blocks, 3840-word records,
 * fast blocks), the logical records in them (records that span physical records, padding, run
 * records), their pilots and the banks in each. Bytes are never searched for bank names: the
 * stale copies of events that the SNO writer leaves in padding are not events.
 *
 * <pre>{@code
 * try (ZdabFile zdab = ZdabFile.open(path, (offset, why) -> log(path + "@" + offset + ": " + why))) {
 *     for (Object r; (r = zdab.next()) != null; ) {
 *         if (r instanceof PmtEvent e) { ... } else if (r instanceof RunHeader h) { ... }
 *     }
 * }
 * }</pre>
 *
 * <p><b>Damage.</b> A record that cannot be decoded is reported to the {@link Problems} given
 * (with its byte offset in the uncompressed stream and the reason), counted, and skipped; reading
 * goes on. A damaged physical record costs the logical records in it: reading resynchronises at
 * the next good steering block (at the next multiple of 15,360 bytes), where the steering block
 * says the first logical record starts. A file that ends inside a record, or without the ZEBRA
 * end-of-data record, is reported as truncated. {@link #next()} throws only when the stream itself
 * fails; damaged gzip data is reported like a damaged record and ends the file.
 *
 * <p><b>Cost.</b> Reads whole physical records into one buffer and decodes from it; a logical
 * record that spans physical records is first copied into one piece. Allocates the records it
 * returns (a {@link PmtEvent} with arrays sized to its NHIT), nothing per hit.
 *
 * <p>Not thread-safe.
 */
public final class ZdabFile implements Closeable {

    /** Told about every record that could not be decoded and was skipped. */
    @FunctionalInterface
    public interface Problems {

        /**
         * @param offset byte offset in the (uncompressed) file of the damaged record or physical record
         * @param reason what was wrong
         */
        void malformed(long offset, String reason);
    }

    /** Words of a ZEBRA physical record as SNO writes them. */
    public static final int RECORD_WORDS = 3840;
    /** Bytes of a ZEBRA physical record. */
    public static final int RECORD_BYTES = 4 * RECORD_WORDS;

    static final int STEERING_WORDS = 8;
    static final int SIGNATURE_0 = 0x0123CDEF;
    static final int SIGNATURE_1 = 0x80708070;
    static final int SIGNATURE_2 = 0x4321ABCD;
    static final int SIGNATURE_3 = 0x80618061;
    static final int EMERGENCY_STOP = 0x8000_0000;
    static final int END_OF_RUN = 0x4000_0000;
    static final int SIZE_MASK = 0x00FF_FFFF;
    /** Most fast blocks after one steering block: 4 M words, the largest record PZdabFile takes. */
    static final int MAX_FAST = 1100;
    /** Longest logical record accepted, in words. */
    static final int MAX_RECORD_WORDS = 1 << 22;
    static final int PILOT_WORDS = 10;
    static final int BANK_HEADER_WORDS = 9;

    private final InputStream in;
    private final String name;
    private final Problems problems;

    // The chunk: one steering block's physical record and its fast blocks, as read.
    private byte[] chunk = new byte[RECORD_BYTES];
    private ByteBuffer chunkBuf = ByteBuffer.wrap(chunk);
    private boolean haveChunk;
    private int chunkWords;
    private int nominalWords;
    private long chunkOffset;
    private int firstRecordWord;
    private int pos;
    private int nextCount = -1;
    private int otherNextCount = -1;
    private boolean continuationLost;
    private boolean resync = true;
    private boolean continued;
    private long streamPos;
    // bytes read ahead that belong to later physical records (fast blocks that were not)
    private byte[] pushback = new byte[0];
    private int pushbackPos;
    private int pushbackEnd;
    private boolean eof;
    private boolean truncationReported;
    private boolean inBadRegion;
    private boolean finished;

    // The logical record being read: words [viewStart, ...) of view (the chunk, or the assembly of a spanning record).
    private ByteBuffer view;
    private int viewStart;
    private byte[] assembly = new byte[0];
    private ByteBuffer assemblyBuf = ByteBuffer.wrap(assembly);
    private long recordOffset = -1;
    private int bankPos;
    private int bankEnd;

    private String openFailure;
    private int malformed;
    private boolean endOfData;
    private long events;

    /**
     * Reads ZDAB data from a stream (which this object closes).
     *
     * @param name what to call the source in reports
     * @param problems told about every damaged record
     */
    public ZdabFile(InputStream in, String name, Problems problems) {
        this.in = in;
        this.name = name;
        this.problems = problems;
    }

    /**
     * Opens a {@code .zdab} file, or a gzip-compressed one (recognised by its first bytes, whatever its
     * name), reporting damaged records to {@code problems}.
     *
     * @throws java.nio.file.NoSuchFileException when it is not there
     */
    public static ZdabFile open(Path file, Problems problems) throws IOException {
        try {
            return new ZdabFile(openStream(file), file.toString(), problems);
        } catch (ZipException | EOFException e) {
            // a gzip header that is itself damaged: reported by next() like any other damage
            ZdabFile damaged = new ZdabFile(InputStream.nullInputStream(), file.toString(), problems);
            damaged.openFailure = e.getMessage();
            return damaged;
        }
    }

    /** {@link #open(Path, Problems)} reporting to nobody: only {@link #malformed()} counts the damage. */
    public static ZdabFile open(Path file) throws IOException {
        return open(file, (offset, why) -> {
        });
    }

    /** The file's bytes, decompressed if they are gzip data. */
    static InputStream openStream(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 18);
        try {
            return gunzipIfCompressed(in);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** {@code in}, decompressed if it starts with the gzip magic bytes. */
    static InputStream gunzipIfCompressed(InputStream in) throws IOException {
        InputStream buffered = in.markSupported() ? in : new BufferedInputStream(in, 1 << 16);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(buffered, 1 << 16), 1 << 18);
        }
        return buffered;
    }

    /** The name given for the source (the path for {@link #open}). */
    public String name() {
        return name;
    }

    /**
     * The next record in file order: a {@link PmtEvent}, {@link RunHeader}, {@link TriggerSettings},
     * {@link PedestalSettings}, or a {@link ZdabBank} for any other bank; {@code null} at the end.
     * Each call returns a new object.
     *
     * @throws IOException when reading the stream fails (not for damaged data, which is reported and skipped)
     */
    public Object next() throws IOException {
        if (finished) {
            return null;
        }
        if (openFailure != null) {
            truncationReported = true;
            report(0, "damaged compressed data, nothing could be read: " + openFailure);
            finish();
            return null;
        }
        try {
            while (true) {
                if (bankPos < bankEnd) {
                    Object record = nextBank();
                    if (record != null) {
                        return record;
                    }
                } else if (!nextDataRecord()) {
                    finish();
                    return null;
                }
            }
        } catch (ZipException | EOFException e) {
            // thrown by the gzip layer only: the compressed data is damaged or cut short
            truncationReported = true;
            report(streamPos, "damaged compressed data, the rest of the file is lost: " + e.getMessage());
            finish();
            return null;
        }
    }

    /**
     * Byte offset (in the uncompressed stream) of the logical record that held the record
     * {@link #next()} returned last; -1 before the first.
     */
    public long offset() {
        return recordOffset;
    }

    /** Bytes of the (uncompressed) stream read so far. */
    public long position() {
        return streamPos;
    }

    /** Records reported as malformed so far. */
    public int malformed() {
        return malformed;
    }

    /** PMT events returned so far. */
    public long events() {
        return events;
    }

    /** Whether the ZEBRA end-of-data record was read: the writer closed the file properly. */
    public boolean endOfData() {
        return endOfData;
    }

    @Override
    public void close() throws IOException {
        finished = true;
        in.close();
    }

    // ------------------------------------------------------------------ logical records

    /**
     * Moves to the next logical record holding banks and sets up its bank material.
     *
     * @return false at the end of the file
     */
    private boolean nextDataRecord() throws IOException {
        while (true) {
            if (!haveChunk || pos >= chunkWords) {
                if (!loadChunk(false)) {
                    return false;
                }
                continue;
            }
            int first = chunkBuf.getInt(pos << 2);
            if (first == 0) {
                pos++; // one-word padding
                continue;
            }
            long offset = chunkOffset + 4L * pos;
            if (!take(2, offset, -1)) {
                if (eof) {
                    return false;
                }
                continue;
            }
            int length = view.getInt(viewStart);
            int type = view.getInt(viewStart + 4);
            boolean straddled = continued; // the control words themselves were split by a physical record
            continued = false;
            int body;
            switch (type) {
                case 1:
                    body = length;
                    break;
                case 2, 3, 4:
                    body = length < PILOT_WORDS ? -1 : length;
                    break;
                case 5, 6:
                    body = length - 1;
                    break;
                default:
                    body = -1;
                    break;
            }
            if (body < 0 || body > MAX_RECORD_WORDS) {
                damaged(offset, "no logical record at " + offset + ": control words " + length + ", " + type
                        + " (type 1..6 with a length that fits)");
                continue;
            }
            if (straddled && !continuationAgrees(offset, body)) {
                continue;
            }
            if (!take(body, offset, 0)) {
                if (eof) {
                    return false;
                }
                continue;
            }
            if (type == 1) {
                if (length >= 1 && view.getInt(viewStart) == -1) {
                    endOfData = true;
                }
            } else if (type <= 4 && banks(offset, length)) {
                return true;
            }
        }
    }

    /**
     * Checks the pilot of a data record and points the bank cursor at its bank material.
     *
     * @return false when there are no banks to read in it
     */
    private boolean banks(long offset, int length) {
        int p = viewStart;
        long text = word(p + 16);
        long segments = word(p + 20);
        long relocation = word(p + 24);
        long material = word(p + 28);
        long header = word(p + 36);
        long skip = text + segments + relocation + header;
        if (PILOT_WORDS + skip + material != length) {
            report(offset, "logical record at " + offset + " of " + length + " words: its pilot accounts for "
                    + (PILOT_WORDS + skip + material) + " (text " + text + ", segments " + segments + ", relocation "
                    + relocation + ", header " + header + ", banks " + material + ")");
            return false;
        }
        recordOffset = offset;
        bankPos = p + 4 * (int) (PILOT_WORDS + skip);
        bankEnd = bankPos + 4 * (int) material;
        return bankPos < bankEnd;
    }

    /** The next bank of the current logical record, decoded; null if it was skipped. */
    private Object nextBank() {
        int p = bankPos;
        int io = view.getInt(p) & 0xFFFF;
        int header = p + 4 * (1 + io - 12);
        if (io < 12 || header + 4 * BANK_HEADER_WORDS > bankEnd) {
            bankPos = bankEnd;
            report(recordOffset, "bank " + (p - viewStart) / 4 + " words into the logical record at " + recordOffset
                    + " runs past its end (I/O word " + io + ")");
            return null;
        }
        int bankName = view.getInt(header + 16);
        long words = word(header + 28);
        int data = header + 4 * BANK_HEADER_WORDS;
        if (data + 4 * words > bankEnd) {
            bankPos = bankEnd;
            report(recordOffset, ZdabCodec.bankName(bankName) + " bank of " + words + " words runs past the end of the"
                    + " logical record at " + recordOffset);
            return null;
        }
        int bytes = 4 * (int) words;
        bankPos = data + bytes;
        try {
            switch (bankName) {
                case ZdabCodec.BANK_ZDAB:
                    PmtEvent event = ZdabCodec.decodePmt(view, data, bytes);
                    events++;
                    return event;
                case ZdabCodec.BANK_RHDR:
                    return ZdabCodec.decodeRunHeader(view, data, bytes);
                case ZdabCodec.BANK_TRIG:
                    return ZdabCodec.decodeTriggerSettings(view, data, bytes);
                case ZdabCodec.BANK_EPED:
                    return ZdabCodec.decodePedestalSettings(view, data, bytes);
                default:
                    int[] w = new int[(int) words];
                    for (int i = 0; i < w.length; i++) {
                        w[i] = view.getInt(data + 4 * i);
                    }
                    return new ZdabBank(bankName, w);
            }
        } catch (ZdabFormatException e) {
            report(recordOffset, ZdabCodec.bankName(bankName) + " bank in the logical record at " + recordOffset + ": "
                    + e.getMessage());
            return null;
        }
    }

    /**
     * Makes the next {@code n} words of the stream one contiguous piece at {@code view[viewStart..]},
     * loading physical records as needed.
     *
     * @param after words of the logical record that follow these {@code n}; -1 if not known yet
     * @return false when the record could not be completed (end of file or damage, reported)
     */
    private boolean take(int n, long recordAt, int after) throws IOException {
        int available = chunkWords - pos;
        if (n <= available) {
            view = chunkBuf;
            viewStart = pos << 2;
            pos += n;
            return true;
        }
        if (assembly.length < 4 * n) {
            assembly = new byte[Math.max(4 * n, 2 * assembly.length)];
            assemblyBuf = ByteBuffer.wrap(assembly);
        }
        System.arraycopy(chunk, pos << 2, assembly, 0, available << 2);
        int got = available;
        pos = chunkWords;
        while (got < n) {
            if (!loadChunk(true)) {
                if (eof) {
                    reportTruncation(recordAt, "logical record at " + recordAt + " of " + n + " words is cut short by"
                            + " the end of the file");
                }
                return false;
            }
            if (continuationLost) {
                return false; // reported with its cause; positioned at the next record that starts
            }
            if (after >= 0) {
                continued = false;
                if (!continuationAgrees(recordAt, n - got + after)) {
                    return false;
                }
            }
            int k = Math.min(n - got, chunkWords - pos);
            System.arraycopy(chunk, pos << 2, assembly, got << 2, k << 2);
            got += k;
            pos += k;
        }
        view = assemblyBuf;
        viewStart = 0;
        return true;
    }

    /**
     * A logical record continues into the physical record just read, with {@code left} of its words
     * still to come from {@link #pos} on: the steering block must agree. If the record ends in this
     * physical record, the first logical record starting in it starts right after; if it covers all
     * of it, none starts in it. A disagreement means the record's length is wrong (or the physical
     * records are not the ones it was written across): it is dropped and reading resumes where the
     * steering block says, so that a damaged length costs one physical record, not all those it
     * claims.
     */
    private boolean continuationAgrees(long recordAt, int left) {
        long end = (long) pos + left;
        boolean agrees = end < nominalWords ? firstRecordWord == end : firstRecordWord >= nominalWords;
        if (agrees) {
            return true;
        }
        report(recordAt, "logical record at " + recordAt + " continues into the physical record at " + chunkOffset
                + (end <= nominalWords ? " and should end at its word " + end : " and should fill it")
                + ", but its steering block says "
                + (firstRecordWord >= nominalWords ? "none starts in it"
                        : "the first one in it starts at word " + firstRecordWord));
        positionAfterResync();
        return false;
    }

    /** Reports damage in the current physical record and gives up the rest of it. */
    private void damaged(long offset, String reason) {
        report(offset, reason);
        if (firstRecordWord > pos && firstRecordWord < chunkWords) {
            pos = firstRecordWord; // the steering block knows a later start in this physical record
        } else {
            pos = chunkWords;
            resync = true;
        }
    }

    // ------------------------------------------------------------------ physical records

    /**
     * Reads the next chunk: a steering block's physical record and its fast blocks. Physical
     * records whose steering block is damaged are reported (once for a run of them) and skipped.
     *
     * @param midRecord whether a logical record continues into it
     * @return false at the end of the stream (then {@link #eof} is set)
     */
    private boolean loadChunk(boolean midRecord) throws IOException {
        continued = false;
        continuationLost = false;
        String lost = midRecord ? "; the logical record continuing into it is lost" : "";
        boolean skipped = false;
        while (true) {
            long at = streamPos;
            int n = read(chunk, 0, 4 * STEERING_WORDS);
            if (n < 4 * STEERING_WORDS) {
                eof = true;
                haveChunk = false;
                if (n > 0) {
                    reportTruncation(at, "the file ends inside the steering block at " + at);
                }
                return false;
            }
            int flags = chunkBuf.getInt(16);
            int size = flags & SIZE_MASK;
            int count = chunkBuf.getInt(20);
            int start = chunkBuf.getInt(24);
            int fast = chunkBuf.getInt(28);
            if (!isSteeringBlock(0) || size != RECORD_WORDS || fast < 0 || fast > MAX_FAST) {
                if (!inBadRegion) {
                    inBadRegion = true;
                    report(at, "no valid ZEBRA steering block at " + at + " (words " + hex(chunkBuf.getInt(0)) + " "
                            + hex(chunkBuf.getInt(4)) + " " + hex(chunkBuf.getInt(8)) + " " + hex(chunkBuf.getInt(12))
                            + " " + hex(flags) + " " + count + " " + start + " " + fast
                            + "); skipped to the next good one" + lost);
                }
                resync = true;
                skipped = true;
                continuationLost |= midRecord;
                midRecord = false;
                int rest = read(chunk, 4 * STEERING_WORDS, RECORD_BYTES - 4 * STEERING_WORDS);
                if (rest < RECORD_BYTES - 4 * STEERING_WORDS) {
                    eof = true;
                    haveChunk = false;
                    return false;
                }
                continue;
            }
            int bytes = RECORD_BYTES * (1 + fast);
            if (chunk.length < bytes) {
                byte[] bigger = new byte[bytes];
                System.arraycopy(chunk, 0, bigger, 0, 4 * STEERING_WORDS);
                chunk = bigger;
                chunkBuf = ByteBuffer.wrap(chunk);
            }
            int got = 4 * STEERING_WORDS + read(chunk, 4 * STEERING_WORDS, bytes - 4 * STEERING_WORDS);
            for (int block = 1; block <= fast && block * RECORD_BYTES < got; block++) {
                if (isSteeringBlock(block * RECORD_BYTES)) {
                    // a fast block never starts like a steering block: the count of fast blocks is wrong,
                    // and the records from here on are read again as what they are
                    report(at, "steering block at " + at + " says " + fast + " fast blocks follow, but a steering"
                            + " block starts at " + (at + (long) block * RECORD_BYTES));
                    unread(block * RECORD_BYTES, got);
                    got = block * RECORD_BYTES;
                    bytes = got;
                    break;
                }
            }
            if (got < bytes) {
                reportTruncation(at, "the file ends inside the physical record at " + at + " (" + got + " of " + bytes
                        + " bytes)");
            }
            boolean endMarked = (flags & (END_OF_RUN | EMERGENCY_STOP)) != 0;
            if (!endMarked && nextCount >= 0 && count != nextCount && count != otherNextCount && !skipped) {
                // a missing record in the middle of a logical record also shows in the steering
                // block's first-record offset, which continuationAgrees checks
                report(at, "physical record number " + count + " at " + at + " where number " + nextCount
                        + " was expected: physical records are missing or out of order");
                otherNextCount = nextCount + 1; // in case it is this number that is damaged
            } else {
                otherNextCount = endMarked ? count + 1 : -1; // an end mark might be a damaged flag
            }
            nextCount = endMarked ? 0 : count + 1;
            inBadRegion = false;
            haveChunk = true;
            chunkOffset = at;
            chunkWords = got >> 2;
            nominalWords = bytes >> 2;
            // an offset inside the steering block can only mean that no logical record starts here
            firstRecordWord = start < STEERING_WORDS ? Integer.MAX_VALUE : start;
            if (midRecord && !continuationLost) {
                pos = STEERING_WORDS;
                continued = true;
            } else if (resync || continuationLost) {
                positionAfterResync();
            } else {
                // the previous logical record ended with the previous physical record
                if (firstRecordWord != STEERING_WORDS) {
                    report(at, "physical record at " + at + " says its first logical record starts at word " + start
                            + ", but the records before ended with the previous physical record");
                }
                positionAfterResync();
            }
            return true;
        }
    }

    /** Continues at the first logical record that starts in the current physical record, if any. */
    private void positionAfterResync() {
        resync = firstRecordWord >= chunkWords;
        pos = resync ? chunkWords : firstRecordWord;
    }

    private boolean isSteeringBlock(int byteIndex) {
        return chunkBuf.getInt(byteIndex) == SIGNATURE_0 && chunkBuf.getInt(byteIndex + 4) == SIGNATURE_1
                && chunkBuf.getInt(byteIndex + 8) == SIGNATURE_2 && chunkBuf.getInt(byteIndex + 12) == SIGNATURE_3;
    }

    /** Gives back {@code chunk[from..to)}: the next reads return those bytes first. */
    private void unread(int from, int to) {
        int n = to - from;
        int left = pushbackEnd - pushbackPos;
        byte[] b = new byte[n + left];
        System.arraycopy(chunk, from, b, 0, n);
        System.arraycopy(pushback, pushbackPos, b, n, left);
        pushback = b;
        pushbackPos = 0;
        pushbackEnd = b.length;
        streamPos -= n;
    }

    private int read(byte[] into, int off, int len) throws IOException {
        int n = 0;
        if (pushbackPos < pushbackEnd) {
            n = Math.min(len, pushbackEnd - pushbackPos);
            System.arraycopy(pushback, pushbackPos, into, off, n);
            pushbackPos += n;
        }
        if (n < len) {
            n += in.readNBytes(into, off + n, len - n);
        }
        streamPos += n;
        return n;
    }

    // ------------------------------------------------------------------ reporting

    private void finish() {
        if (!finished) {
            finished = true;
            if (!endOfData && !truncationReported) {
                report(streamPos,
                        "the file ends at " + streamPos + " without the ZEBRA end-of-data record: truncated?");
            }
        }
    }

    private void reportTruncation(long offset, String reason) {
        if (!truncationReported) {
            truncationReported = true;
            report(offset, reason);
        }
    }

    private void report(long offset, String reason) {
        malformed++;
        problems.malformed(offset, reason);
    }

    private long word(int byteIndex) {
        return view.getInt(byteIndex) & 0xFFFF_FFFFL;
    }

    private static String hex(int w) {
        return String.format("%08x", w);
    }
}

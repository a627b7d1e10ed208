package org.snoplus.snoop.sno.zdab;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import org.snoplus.snoop.sno.PedestalSettings;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.sno.RunHeader;
import org.snoplus.snoop.sno.TriggerSettings;

/**
 * Writes ZDAB files the way the SNO writer does ({@code PZdabWriter} in xsnoed; {@code docs/ZDAB.md}):
 * 3840-word ZEBRA physical records with steering blocks, one logical record per event ({@code ZDAB}
 * bank) or header ({@code MAST} bank followed by the {@code RHDR}, {@code TRIG} or {@code EPED}
 * bank), logical records continuing across physical records (with fast blocks for one too long for
 * the next record), padding to complete each physical record, and on {@link #close()} the
 * end-of-run and end-of-data records. The same event written by both writers gives the same bytes,
 * except that this one zero-fills padding.
 *
 * <pre>{@code
 * try (ZdabWriter out = new ZdabWriter(Path.of("SNOP_0000300000_000.zdab"))) {
 *     out.write(runHeader);
 *     out.write(triggerSettings);
 *     for (PmtEvent e : events) {
 *         out.write(e);
 *     }
 * }
 * }</pre>
 *
 * <p>Data reaches the stream one physical record (15,360 bytes) at a time, complete, so that a
 * reader following the file never sees half a record; the last one is written on close. A file
 * that is not closed lacks the end-of-data record and is reported as truncated by {@link ZdabFile}.
 *
 * <p>Not thread-safe.
 */
public final class ZdabWriter implements Closeable {

    private static final int NWREC = ZdabFile.RECORD_WORDS;
    private static final int NPHREC = ZdabFile.STEERING_WORDS;
    private static final int NLOGIC = 2;
    private static final int NPILOT = ZdabFile.PILOT_WORDS;
    private static final int NBANK = ZdabFile.BANK_HEADER_WORDS;

    /** The pilot's check word: 12345.0 as a float. */
    private static final int PILOT_CHECK = 0x4640E400;
    private static final int ZEBRA_VERSION = 37700;
    private static final int BASE_LINK = 301;
    private static final int SUPPORT_LINK = 327;
    private static final int INTEGER_BANK_IO = 0x0002000C;
    private static final int MAST_IO = 0x00030025;
    private static final int MAST_ID = 1;
    private static final int MAST_LINKS = 25;
    private static final int MAST_STATUS = 0x4;
    private static final int MAST_WORDS = 2;
    private static final int SNOMAN_VERSION = Float.floatToIntBits(3.0190f);
    private static final int ZDAB_ID = 6;
    private static final int RHDR_ID = 5;
    private static final int EPED_ID = 6;
    private static final int TRIG_ID = 7;

    private final OutputStream out;
    private final byte[] record = new byte[ZdabFile.RECORD_BYTES];
    private final ByteBuffer words = ByteBuffer.wrap(record);
    private byte[] data = new byte[4096];
    private ByteBuffer dataBuf = ByteBuffer.wrap(data);
    private int ipos;
    private int irec = -1;
    private long bytesWritten;
    private boolean closed;

    /**
     * Creates (or replaces) a file; gzip-compressed when its name ends in {@code .gz}.
     */
    public ZdabWriter(Path file) throws IOException {
        this(open(file));
    }

    /** Writes to a stream, which {@link #close()} closes. */
    public ZdabWriter(OutputStream out) {
        this.out = out;
        startPhysicalRecord(NPHREC);
    }

    private static OutputStream open(Path file) throws IOException {
        OutputStream os = Files.newOutputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) {
            return new GZIPOutputStream(new BufferedOutputStream(os, 1 << 16), 1 << 16);
        }
        return os;
    }

    /**
     * Writes an event as a {@code ZDAB} bank.
     *
     * @throws IllegalArgumentException when a value does not fit its field ({@link ZdabCodec#encodePmt});
     *         nothing is written then
     */
    public void write(PmtEvent event) throws IOException {
        int bytes = ZdabCodec.pmtBytes(event);
        ensureData(bytes);
        ZdabCodec.encodePmt(event, dataBuf, 0);
        writeBank(ZdabCodec.BANK_ZDAB, ZDAB_ID, bytes / 4, false);
    }

    /** Writes a run header as an {@code RHDR} bank (after its {@code MAST} bank). */
    public void write(RunHeader header) throws IOException {
        ensureData(4 * ZdabCodec.RHDR_WORDS);
        ZdabCodec.encodeRunHeader(header, dataBuf, 0);
        writeBank(ZdabCodec.BANK_RHDR, RHDR_ID, ZdabCodec.RHDR_WORDS, true);
    }

    /** Writes trigger settings as a {@code TRIG} bank (after its {@code MAST} bank). */
    public void write(TriggerSettings settings) throws IOException {
        ensureData(4 * ZdabCodec.TRIG_WORDS);
        ZdabCodec.encodeTriggerSettings(settings, dataBuf, 0);
        writeBank(ZdabCodec.BANK_TRIG, TRIG_ID, ZdabCodec.TRIG_WORDS, true);
    }

    /** Writes pedestal settings as an {@code EPED} bank (after its {@code MAST} bank). */
    public void write(PedestalSettings settings) throws IOException {
        ensureData(4 * ZdabCodec.EPED_WORDS);
        ZdabCodec.encodePedestalSettings(settings, dataBuf, 0);
        writeBank(ZdabCodec.BANK_EPED, EPED_ID, ZdabCodec.EPED_WORDS, true);
    }

    /** Bytes handed to the stream so far (before compression). */
    public long bytesWritten() {
        return bytesWritten;
    }

    /**
     * Completes the current physical record, writes the end-of-run and end-of-data records (each in
     * a physical record of its own, as the SNO writer does) and closes the stream.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (OutputStream o = out) {
            writePhysicalRecord();
            startEndRecord();
            add(1);     // end of run: length 1, type 1, 0
            add(1);
            add(0);
            writePhysicalRecord();
            startEndRecord();
            add(4);     // end of data: length 4, type 1, -1, 0, 0, 73
            add(1);
            add(-1);
            add(0);
            add(0);
            add(73);
            writePhysicalRecord();
        }
    }

    // ------------------------------------------------------------------ logical records

    /**
     * Writes the logical record of one bank whose {@code nsize} data words are in {@link #data}: the
     * control words, the pilot (with a relocation table when a MAST bank goes first), the MAST bank
     * if asked, the bank's I/O word and header, then the data, continuing into the next physical
     * records (fast blocks when what is left would not fit in one).
     */
    private void writeBank(int name, int id, int nsize, boolean withMast) throws IOException {
        if (closed) {
            throw new IOException("the ZDAB writer is closed");
        }
        int hdrSize = 1 + NBANK;
        int relocation = 0;
        if (withMast) {
            hdrSize += 1 + MAST_LINKS + NBANK + MAST_WORDS;
            relocation = 2;
        }
        int npilot = NPILOT + relocation;
        // the header of a logical record never starts too close to the end of a physical record
        if (ipos >= NWREC - NLOGIC - npilot - hdrSize) {
            writePhysicalRecord();
            startPhysicalRecord(NPHREC);
        }
        add(npilot + hdrSize + nsize);
        add(2);
        add(PILOT_CHECK);
        add(ZEBRA_VERSION);
        add(0);
        add(0);
        add(0);
        add(0);
        add(relocation);
        add(hdrSize + nsize);
        add(withMast ? SUPPORT_LINK : 0);
        add(0);
        if (withMast) {
            add(BASE_LINK);
            add(BASE_LINK + hdrSize + nsize);
            add(MAST_IO);
            for (int link = MAST_LINKS; link >= 1; link--) {
                // link k sits k words before the bank header; the MAST's link "id" points to our bank
                add(link == id ? BASE_LINK + 1 + MAST_LINKS + NBANK + MAST_WORDS + 1 : 0);
            }
            addBankHeader(0, 0, MAST_ID, ZdabCodec.BANK_MAST, MAST_LINKS, MAST_WORDS, MAST_STATUS);
            add(SNOMAN_VERSION);
            add(SNOMAN_VERSION);
        }
        add(INTEGER_BANK_IO);
        addBankHeader(SUPPORT_LINK, SUPPORT_LINK - id, id, name, 0, nsize, 0);
        addData(nsize);
    }

    private void addBankHeader(int up, int origin, int id, int name, int links, int nsize, int status) {
        add(0);
        add(up);
        add(origin);
        add(id);
        add(name);
        add(links);
        add(links);
        add(nsize);
        add(status);
    }

    private void addData(int nsize) throws IOException {
        int i = 0;
        boolean fast = false;
        while (i < nsize) {
            if (ipos == NWREC) {
                int left = nsize - i;
                if (left > NWREC - NPHREC) {
                    if (!fast) {
                        // this (steering) record is followed by as many fast blocks as the rest needs
                        fast = true;
                        words.putInt(4 * 7, (left - (NWREC - NPHREC) - 1) / NWREC + 1);
                    }
                    emit();
                } else {
                    fast = false;
                    emit();
                    startPhysicalRecord(NPHREC + left);
                }
            }
            int k = Math.min(nsize - i, NWREC - ipos);
            System.arraycopy(data, 4 * i, record, 4 * ipos, 4 * k);
            i += k;
            ipos += k;
        }
        if (fast) {
            writePhysicalRecord();
            startPhysicalRecord(NPHREC);
        }
    }

    // ------------------------------------------------------------------ physical records

    private void startPhysicalRecord(int firstRecordWord) {
        ipos = 0;
        add(ZdabFile.SIGNATURE_0);
        add(ZdabFile.SIGNATURE_1);
        add(ZdabFile.SIGNATURE_2);
        add(ZdabFile.SIGNATURE_3);
        add(NWREC);
        add(++irec);
        add(firstRecordWord);
        add(0);
    }

    /** The steering block of the end-of-run and end-of-data records: end-of-run bit, number 0. */
    private void startEndRecord() {
        ipos = 0;
        add(ZdabFile.SIGNATURE_0);
        add(ZdabFile.SIGNATURE_1);
        add(ZdabFile.SIGNATURE_2);
        add(ZdabFile.SIGNATURE_3);
        add(ZdabFile.END_OF_RUN | NWREC);
        add(0);
        add(NPHREC);
        add(0);
    }

    /** Pads the current physical record to its end and writes it. */
    private void writePhysicalRecord() throws IOException {
        if (ipos < NWREC - 1) {
            words.putInt(4 * ipos, NWREC - ipos - 1);
            words.putInt(4 * ipos + 4, 5);
            Arrays.fill(record, 4 * ipos + 8, record.length, (byte) 0);
        } else if (ipos < NWREC) {
            words.putInt(4 * ipos, 0);
        }
        emit();
    }

    private void emit() throws IOException {
        out.write(record);
        bytesWritten += record.length;
        ipos = 0;
    }

    private void add(int word) {
        words.putInt(4 * ipos++, word);
    }

    private void ensureData(int bytes) {
        if (data.length < bytes) {
            data = new byte[Math.max(bytes, 2 * data.length)];
            dataBuf = ByteBuffer.wrap(data);
        }
    }
}

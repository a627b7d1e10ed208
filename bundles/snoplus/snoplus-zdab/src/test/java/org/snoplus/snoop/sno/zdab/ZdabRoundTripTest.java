package org.snoplus.snoop.sno.zdab;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.snoplus.snoop.sno.PedestalSettings;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.sno.RunHeader;
import org.snoplus.snoop.sno.TriggerSettings;

/**
 * A run of 100,000 events of 100..400 random hits (channels, cells, charges, TAC, flags, trigger
 * words, error bits, clocks; the GTID counting up through its 24-bit wrap), with a few events of
 * thousands of hits, and header records among them: written, read back, every field of every
 * record equal. About 300 MB of file; the events are made again from their seed to compare, so
 * that none is kept in memory.
 */
public class ZdabRoundTripTest {

    private static final long SEED = 20261128;
    private static final int EVENTS = 100_000;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    /** Event {@code i} as written: every 10,007th has thousands of hits, so it needs fast blocks. */
    private static PmtEvent event(long i) {
        return i % 10_007 == 5_000 ? ZdabTestData.event(SEED, i, 2000 + (int) (i % 8000)) : ZdabTestData.event(SEED, i);
    }

    /** The header records written before event {@code i}, if any. */
    private static List<Object> headersBefore(long i) {
        List<Object> h = new ArrayList<>();
        if (i == 0) {
            h.add(ZdabTestData.runHeader(ZdabTestData.RUN));
            h.add(ZdabTestData.triggerSettings(0));
        }
        if (i % 25_000 == 12_500) {
            h.add(ZdabTestData.pedestalSettings((int) i));
            h.add(ZdabTestData.triggerSettings((int) i));
        }
        return h;
    }

    @Test
    public void everyFieldOfEveryRecordSurvivesWritingAndReading() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("SNOP_0000300000_000.zdab");
        long headers = 0;
        try (ZdabWriter out = new ZdabWriter(file)) {
            for (long i = 0; i < EVENTS; i++) {
                for (Object h : headersBefore(i)) {
                    headers++;
                    if (h instanceof RunHeader r) {
                        out.write(r);
                    } else if (h instanceof TriggerSettings t) {
                        out.write(t);
                    } else {
                        out.write((PedestalSettings) h);
                    }
                }
                out.write(event(i));
            }
        }
        long size = Files.size(file);
        assertEquals(0, size % ZdabFile.RECORD_BYTES);

        List<String> problems = new ArrayList<>();
        long events = 0;
        long headersRead = 0;
        long spanning = 0;
        List<Object> expectedHeaders = new ArrayList<>(headersBefore(0));
        try (ZdabFile in = ZdabFile.open(file, (offset, why) -> problems.add(offset + ": " + why))) {
            for (Object r; (r = in.next()) != null;) {
                if (r instanceof ZdabBank) {
                    continue; // the MAST bank before each header bank
                }
                if (r instanceof PmtEvent e) {
                    assertTrue("header records missing before event " + events + ": " + expectedHeaders,
                            expectedHeaders.isEmpty());
                    ZdabTestData.assertSameEvent("event " + events, event(events), e);
                    long bytes = 4L * (2 + 10 + 10) + ZdabCodec.pmtBytes(e);
                    if (in.offset() / ZdabFile.RECORD_BYTES != (in.offset() + bytes - 1) / ZdabFile.RECORD_BYTES) {
                        spanning++;
                    }
                    events++;
                    expectedHeaders.addAll(headersBefore(events));
                } else {
                    assertTrue("unexpected header before event " + events + ": " + r, !expectedHeaders.isEmpty());
                    ZdabTestData.assertSameRecord("header before event " + events, expectedHeaders.remove(0), r);
                    headersRead++;
                }
            }
            assertTrue(in.endOfData());
        }
        assertEquals(List.of(), problems);
        assertEquals(EVENTS, events);
        assertEquals(headers, headersRead);
        assertTrue("only " + spanning + " events crossed a physical record", spanning > EVENTS / 10);
    }
}

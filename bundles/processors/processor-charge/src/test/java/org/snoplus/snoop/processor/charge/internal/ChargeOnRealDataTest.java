package org.snoplus.snoop.processor.charge.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.Test;
import org.snoplus.snoop.testing.SharedData;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.sno.zdab.ZdabFile;
import org.snoplus.snoop.testing.Configs;

/** The one event of the SNO demo file (run 3510, NHIT 364), through the processor and counted by hand. */
public class ChargeOnRealDataTest {


    static PmtEvent demoEvent() throws Exception {
        PmtEvent event = null;
        try (ZdabFile zdab = ZdabFile.open(SharedData.demoZdab())) {
            for (Object r; (r = zdab.next()) != null;) {
                if (r instanceof PmtEvent e) {
                    event = e;
                }
            }
        }
        assertNotNull(event);
        return event;
    }

    @Test
    public void spectraAndCrateSumsAgreeWithTheHitsOfTheDemoEvent() throws Exception {
        PmtEvent ev = demoEvent();
        int bins = 128; // 32 ADC counts a bin
        long[][] expected = new long[4][bins];
        long[] crateHits = new long[19];
        double[][] crateSums = new double[4][19];
        long pmtHits = 0;
        for (int i = 0; i < ev.nhit(); i++) {
            int lcn = ev.lcn()[i];
            if (lcn / 32 == 17 * 16 + 15) {
                continue; // FEC/D
            }
            pmtHits++;
            int[] q = {ev.qhs()[i], ev.qhl()[i], ev.qlx()[i], ev.tac()[i]};
            for (int k = 0; k < 4; k++) {
                assertTrue(q[k] >= 0 && q[k] < 4096);
                expected[k][q[k] / 32]++;
                crateSums[k][lcn / 512] += q[k];
            }
            crateHits[lcn / 512]++;
        }

        ChargeSpectra c = new ChargeSpectra();
        c.configure(Configs.of(ChargeConfig.class, "adc.bins", bins));
        c.event(ev);
        Map<String, Object> s = c.sample();
        assertEquals(1L, s.get("events"));
        assertEquals(pmtHits, s.get("hits"));
        String[] names = {"qhs", "qhl", "qlx", "tac"};
        for (int k = 0; k < 4; k++) {
            assertArrayEquals(names[k], expected[k], ChargeSpectraTest.counts(s, names[k]));
            assertEquals(names[k], pmtHits, ChargeSpectraTest.map(s, names[k]).get("entries"));
        }
        Map<String, Object> crates = ChargeSpectraTest.map(s, "crates");
        double[] hits = ChargeSpectraTest.crates(crates, "hits");
        for (int crate = 0; crate < 19; crate++) {
            assertEquals("hits of crate " + crate, crateHits[crate], hits[crate], 0);
            for (int k = 0; k < 4; k++) {
                assertEquals(names[k] + " of crate " + crate, crateSums[k][crate],
                        ChargeSpectraTest.crates(crates, names[k])[crate], 0);
            }
        }
        assertEquals(0L, s.get("subtracted")); // no pedestal events in the file
    }
}

package org.snoplus.snoop.sno.synthetic.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.sno.RunHeader;
import org.snoplus.snoop.sno.synthetic.DetectorSettings;
import org.snoplus.snoop.sno.synthetic.SyntheticDetector;
import org.snoplus.snoop.sno.zdab.ZdabFile;

public class RecordTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void aRecordedFileReadsBackAsTheSameEvents() throws Exception {
        Path out = tmp.getRoot().toPath().resolve("sim.zdab.gz");
        Record.main(new String[] {"--events", "20000", "--seed", "5", "--run", "301234", out.toString()});
        SyntheticDetector again = new SyntheticDetector(DetectorSettings.defaults().withSeed(5).withRun(301234));
        int events = 0;
        int headers = 0;
        try (ZdabFile z = ZdabFile.open(out)) {
            Object o;
            while ((o = z.next()) != null) {
                if (o instanceof PmtEvent e) {
                    PmtEvent x = again.nextEvent();
                    assertEquals(x.gtid(), e.gtid());
                    assertEquals(x.triggerWord(), e.triggerWord());
                    assertEquals(x.clock10(), e.clock10());
                    assertEquals(x.nhit(), e.nhit());
                    assertArrayEquals(java.util.Arrays.copyOf(x.lcn(), x.nhit()), java.util.Arrays.copyOf(e.lcn(), e.nhit()));
                    assertArrayEquals(java.util.Arrays.copyOf(x.qhs(), x.nhit()), java.util.Arrays.copyOf(e.qhs(), e.nhit()));
                    events++;
                } else if (o instanceof RunHeader h) {
                    assertEquals(301234, h.run());
                    headers++;
                }
            }
            assertEquals(0, z.malformed());
        }
        assertEquals(20000, events);
        assertTrue(headers >= 1);
    }
}

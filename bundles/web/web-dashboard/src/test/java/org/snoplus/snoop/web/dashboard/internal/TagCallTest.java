package org.snoplus.snoop.web.dashboard.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;

import org.junit.Test;

public class TagCallTest {

    @Test
    public void wordsAndSettingsAreSplitAsWritten() throws Exception {
        TagCall c = TagCall.parse("  timeseries  rate.data.rate nhit.data.mean range=-1h log\n title=\"Rate, last hour\" "
                + "cut=rate.data.rate=900..1100 cut=runstats.run=300000 ");
        assertEquals("timeseries", c.name());
        assertEquals(List.of("rate.data.rate", "nhit.data.mean", "log"), c.words());
        assertEquals("-1h", c.single("range"));
        assertEquals("Rate, last hour", c.single("title"));
        assertEquals(List.of("rate.data.rate=900..1100", "runstats.run=300000"), c.all("cut"));
        assertEquals("{{ timeseries rate.data.rate nhit.data.mean range=-1h log title=\"Rate, last hour\" "
                + "cut=rate.data.rate=900..1100 cut=runstats.run=300000 }}", c.written());
    }

    @Test
    public void quotesMayHoldQuotesAndBackslashes() throws Exception {
        TagCall c = TagCall.parse("value rate.data.rate label=\"the \\\"rate\\\" \\\\ Hz\" \"a b\"");
        assertEquals("the \"rate\" \\ Hz", c.single("label"));
        assertEquals(List.of("rate.data.rate", "a b"), c.words());
    }

    @Test
    public void aSettingGivenTwiceIsRefusedWhenAskedOnce() throws Exception {
        TagCall c = TagCall.parse("value rate.data.rate unit=Hz unit=kHz");
        try {
            c.single("unit");
            fail();
        } catch (TagException e) {
            assertTrue(e.problem(), e.problem().contains("unit is given 2 times"));
        }
    }

    @Test
    public void badSyntaxSaysWhatAndHow() {
        refused("", "the tag is empty", "{{ value rate.data.rate unit=Hz }}");
        refused("   ", "the tag is empty", "tags are listed");
        refused("value label=\"open", "is not closed", "second \"");
        refused("value ab\"cd\"", "a quote starts in the middle", "put quotes around a whole value");
        refused("value label=\"a\"b", "runs into the next argument", "leave a space");
        refused("rate.data.rate", "a tag starts with its name", "{{ value rate.data.rate }}");
        refused("unit=Hz value", "a tag starts with its name", "write the tag's name first");
        refused("value " + "x".repeat(2001), "characters long", "split it");
    }

    private static void refused(String inner, String problem, String fix) {
        try {
            TagCall.parse(inner);
            fail("accepted: " + inner);
        } catch (TagException e) {
            assertTrue(e.problem(), e.problem().contains(problem));
            assertTrue(e.fix(), e.fix().contains(fix));
        }
    }
}

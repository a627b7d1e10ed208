package org.snoplus.snoop.web.dashboard.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.snoplus.snoop.web.dashboard.internal.Widget.Expect;
import org.snoplus.snoop.web.dashboard.internal.Widget.Need;

/** Every tag, and every way of writing one wrong. */
public class TagCompilerTest {

    private final TagCompiler compiler = new TagCompiler("", 5000);

    private Widget compile(String tag) throws TagException {
        return compiler.compile(TagCall.parse(tag));
    }

    private void refused(String tag, String problem, String fix) {
        try {
            compile(tag);
            fail("accepted: " + tag);
        } catch (TagException e) {
            assertTrue("problem of " + tag + ": " + e.problem(), e.problem().contains(problem));
            assertTrue("fix of " + tag + ": " + e.fix(), e.fix().contains(fix));
        }
    }

    // ------------------------------------------------------------------ each tag

    @Test
    public void value() throws Exception {
        Widget w = compile("value rate.data.rate unit=Hz format=.1f label=\"Event rate\"");
        assertEquals(Map.of("tag", "value", "field", "rate.data.rate", "unit", "Hz", "format", ".1f", "label",
                "Event rate"), w.config());
        assertEquals(List.of(new Need(new FieldRef("rate", "data.rate"), Expect.SCALAR)), w.needs());
        assertFalse(w.kind().block);
    }

    @Test
    public void timeseriesFollowsNowOverItsRange() throws Exception {
        Widget w = compile("timeseries rate.data.rate nhit.data.mean range=-6h cut=rate.data.rate=900..1100 "
                + "labels=\"rate, nhit\" unit=Hz title=Rates height=300 points=500 ymin=0 log");
        Map<String, Object> c = w.config();
        assertEquals(List.of("rate.data.rate", "nhit.data.mean"), c.get("fields"));
        assertEquals(List.of("rate", "nhit"), c.get("labels"));
        assertEquals(6 * 3_600_000L, c.get("span"));
        assertEquals(List.of("rate.data.rate=900..1100"), c.get("cuts"));
        assertEquals(300, c.get("height"));
        assertEquals(500, c.get("points"));
        assertEquals(0.0, c.get("ymin"));
        assertEquals(true, c.get("log"));
        assertEquals("/-/plot?tag=timeseries+rate.data.rate+nhit.data.mean+range%3D-6h+cut%3Drate.data.rate%3D900..1100"
                + "+labels%3D%22rate%2C+nhit%22+unit%3DHz+title%3DRates+height%3D300+points%3D500+ymin%3D0+log",
                c.get("full"));
        assertEquals(List.of("rate"), w.processors());
        assertEquals(2, w.needs().size());
        assertTrue(w.kind().block);
    }

    @Test
    public void timeseriesDefaultsToTheLastHour() throws Exception {
        Map<String, Object> c = compile("timeseries rate.data.rate").config();
        assertEquals(3_600_000L, c.get("span"));
        assertEquals(1000, c.get("points"));
        assertEquals(List.of("rate.data.rate"), c.get("labels"));
        assertNull(c.get("log"));
    }

    @Test
    public void aFixedPeriodDoesNotSlide() throws Exception {
        Map<String, Object> c = compile("timeseries rate.data.rate from=2026-12-01T00:00:00Z to=2026-12-02").config();
        assertEquals("2026-12-01T00:00:00Z", c.get("from"));
        assertEquals("2026-12-02", c.get("to"));
        assertNull(c.get("span"));
        Map<String, Object> rel = compile("timeseries rate.data.rate from=-2h").config();
        assertEquals("now", rel.get("to"));
        assertEquals(7_200_000L, rel.get("span"));
    }

    @Test
    public void histogramNewestOrSummed() throws Exception {
        Widget newest = compile("histogram nhit.data.hist log");
        assertEquals(List.of(new Need(new FieldRef("nhit", "data.hist"), Expect.HISTOGRAM)), newest.needs());
        assertNull(newest.config().get("span"));
        assertNull(newest.config().get("run"));
        assertEquals(3_600_000L, compile("histogram nhit.data.hist range=-1h").config().get("span"));
        assertEquals("current", compile("histogram nhit.data.hist run=current").config().get("run"));
        assertEquals("300000", compile("histogram nhit.data.hist run=300000").config().get("run"));
    }

    @Test
    public void scatterTakesTwoFields() throws Exception {
        Map<String, Object> c = compile("scatter rate.data.rate nhit.data.mean range=-6h logy").config();
        assertEquals("rate.data.rate", c.get("x"));
        assertEquals("nhit.data.mean", c.get("y"));
        assertEquals(true, c.get("logy"));
        assertNull(c.get("logx"));
    }

    @Test
    public void sparklines() throws Exception {
        Map<String, Object> one = compile("sparkline rate.data.rate range=-10m unit=Hz").config();
        assertEquals(600_000L, one.get("span"));
        Map<String, Object> row = compile("sparklines rate.data.rate nhit.data.mean labels=a,b").config();
        assertEquals(1_800_000L, row.get("span"));
        assertEquals(List.of("a", "b"), row.get("labels"));
    }

    @Test
    public void detectorMapWithItsDivisor() throws Exception {
        Widget w = compile("detectormap occupancy.data.channels per=occupancy.data.events range=-1h min=0 max=0.01 log");
        assertEquals("occupancy.data.events", w.config().get("per"));
        assertEquals(List.of(new Need(new FieldRef("occupancy", "data.events"), Expect.DIVISOR),
                new Need(new FieldRef("occupancy", "data.channels"), Expect.DETECTOR)), w.needs());
        assertEquals(0.01, w.config().get("max"));
    }

    @Test
    public void tableOfAProcessorOrOfAField() throws Exception {
        Widget doc = compile("table runstats fields=run,subrun");
        assertEquals("runstats", doc.config().get("processor"));
        assertEquals(List.of("run", "subrun"), doc.config().get("fields"));
        assertEquals(List.of("runstats"), doc.processors());
        Widget field = compile("table triggers.data.triggers");
        assertEquals("triggers.data.triggers", field.config().get("field"));
        assertEquals(Expect.TABLE, field.needs().get(0).expect());
    }

    @Test
    public void linkOpensThePlotAlone() throws Exception {
        Widget w = compile("link histogram nhit.data.hist run=current log text=\"NHIT, full size\"");
        assertEquals(TagKind.LINK, w.kind());
        assertEquals("NHIT, full size", w.config().get("text"));
        assertEquals("/-/plot?tag=histogram+nhit.data.hist+log+run%3Dcurrent", w.config().get("href"));
        assertEquals(Expect.HISTOGRAM, w.needs().get(0).expect());
        assertEquals("histogram of nhit.data.hist", compile("link histogram nhit.data.hist").config().get("text"));
        assertEquals("/snoop/-/plot?tag=table+runstats",
                new TagCompiler("/snoop", 5000).compile(TagCall.parse("link table runstats")).config().get("href"));
    }

    @Test
    public void heartbeatAndAlarmsTakeNothing() throws Exception {
        assertEquals(Map.of("tag", "heartbeat"), compile("heartbeat").config());
        assertEquals(Map.of("tag", "alarms"), compile("alarms").config());
    }

    // ------------------------------------------------------------------ every kind of mistake

    @Test
    public void unknownTagsAreNamedWithTheNearestOne() {
        refused("timeserie rate.data.rate", "there is no tag 'timeserie'; did you mean timeseries?", "the tags are value,");
        refused("plot rate.data.rate", "there is no tag 'plot'", "timeseries");
    }

    @Test
    public void unknownSettingsAreNamedWithTheNearestOne() {
        refused("histogram nhit.data.hist rnage=-1h", "histogram takes no rnage= (did you mean range=?)",
                "histogram takes from, height, range, run, title, to, unit");
        refused("heartbeat title=x", "heartbeat takes no title=", "heartbeat takes nothing");
        refused("value rate.data.rate unit=Hz unit=kHz", "unit= is given 2 times", "give unit= once");
    }

    @Test
    public void wrongNumbersOfFields() {
        refused("value", "value takes one field, not 0", "{{ value rate.data.rate");
        refused("value rate.data.rate rate.data.peak", "value takes one field, not 2", "{{ value");
        refused("scatter rate.data.rate", "scatter takes 2 fields, not 1", "x then y");
        refused("timeseries", "timeseries takes 1 to 8 fields, not 0", "{{ timeseries");
        refused("timeseries a.data.a b.data.b c.data.c d.data.d e.data.e f.data.f g.data.g h.data.h i.data.i",
                "1 to 8 fields, not 9", "{{ timeseries");
        refused("histogram nhit.data.hist lgo", "'lgo': did you mean log?", "{{ histogram");
        refused("heartbeat now", "heartbeat takes no field, not 1", "{{ heartbeat }}");
        refused("table", "table takes one processor or field, not 0", "{{ table runstats }}");
    }

    @Test
    public void badFields() {
        refused("value rate", "'rate' is not a field", "PROCESSOR.PATH, e.g. rate.data.rate");
        refused("value rate.", "'rate.' is not a field", "PROCESSOR.PATH");
        refused("value rate.rate", "a path starts with data", "write rate.data.rate");
        refused("value rate..data", "is not a dotted path", "single dots");
        refused("value r%te.data.rate", "'r%te' in 'r%te.data.rate' is not a processor name", "letters, digits");
        refused("detectormap occupancy.data.channels per=events", "'events' is not a field", "PROCESSOR.PATH");
    }

    @Test
    public void badRangesAndTimes() {
        refused("timeseries rate.data.rate range=1 hour", "'hour' is not a field", "PROCESSOR.PATH");
        refused("timeseries rate.data.rate range=1", "range=1 is not a duration", "range=-1h");
        refused("timeseries rate.data.rate range=-1y", "range=-1y is not a duration", "range=-1h");
        refused("timeseries rate.data.rate range=-0s", "range=-0s is empty", "1s to 3650d");
        refused("timeseries rate.data.rate range=-99999d", "longer than ten years", "1s to 3650d");
        refused("timeseries rate.data.rate from=yesterday", "from=yesterday is not a time", "ISO-8601");
        refused("timeseries rate.data.rate range=-1h from=-2h", "range= is given with from=", "either range=");
        refused("timeseries rate.data.rate to=now", "to= is given without from=", "give from= too");
        refused("timeseries rate.data.rate from=2026-12-02 to=2026-12-01", "is not before to=", "from= before to=");
        refused("timeseries rate.data.rate from=-1h to=-2h", "is not before to=", "from= before to=");
        refused("histogram nhit.data.hist run=last", "run=last is not a run", "run=current");
        refused("histogram nhit.data.hist run=current range=-1h", "run= is given with a time range", "either run=");
    }

    @Test
    public void badSettings() {
        refused("value rate.data.rate format=%.2f", "format=%.2f is not a format", ".1f");
        refused("timeseries rate.data.rate height=10", "height=10 is not a height", "from 60 to 2000");
        refused("timeseries rate.data.rate height=tall", "height=tall is not a height", "height=300");
        refused("timeseries rate.data.rate points=9999", "points=9999 is not a number of points", "from 2 to 5000");
        refused("timeseries rate.data.rate ymin=low", "ymin=low is not a number", "ymin=0.5");
        refused("timeseries rate.data.rate nhit.data.mean labels=one", "labels= names 1 fields, the tag draws 2",
                "one label per field");
        refused("detectormap occupancy.data.channels min=2 max=1", "min=2.0 is not below max=1.0", "leave them out");
        refused("table runstats fields=,,", "names 0 fields", "fields=run,subrun");
        refused("value rate.data.rate label=" + "x".repeat(201), "label= is 201 characters long", "under 200");
    }

    @Test
    public void badCuts() {
        refused("timeseries rate.data.rate cut=rate.data.rate", "has no condition", "cut=PROCESSOR.FIELD=VALUE");
        refused("timeseries rate.data.rate cut=rate.data.rate=", "has no condition", "MIN..MAX");
        refused("timeseries rate.data.rate cut=rate=5", "'rate' is not a field", "PROCESSOR.PATH");
        refused("timeseries rate.data.rate cut=rate.data.rate=a..b", "'a..b' is not a range of numbers", "900..1100");
        refused("timeseries rate.data.rate cut=rate.data.rate=..", "is not a range of numbers", "MIN..MAX");
        refused("timeseries rate.data.rate cut=rate.data.rate=1100..900", "the range 1100..900 is empty",
                "cut=rate.data.rate=900..1100");
        refused("timeseries x.data.x " + "cut=rate.data.rate=1 ".repeat(9), "9 cuts", "at most 8");
    }

    @Test
    public void badLinks() {
        refused("link", "link needs the plot it opens", "{{ link histogram");
        refused("link value rate.data.rate", "link opens a plot or a table full size, not value", "{{ link");
        refused("link histogram nhit.data.hist rnage=-1h", "histogram takes no rnage=", "range");
        refused("link hstogram nhit.data.hist", "did you mean histogram?", "the tags are");
    }
}

package org.snoplus.snoop.web.api.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.List;

import org.junit.Test;
import org.snoplus.snoop.query.Cut;

public class ParamsTest {

    // 2025-11-28T20:40:00Z
    private static final long NOW = 1764362400000L;
    private static final long H = 3_600_000L;

    @Test
    public void timesAreMillisIsoOrRelativeToNow() throws Exception {
        assertEquals(1764362400000L, Params.time("from", "1764362400000", NOW));
        assertEquals(0L, Params.time("from", "0", NOW));
        assertEquals(NOW, Params.time("from", "2025-11-28T20:40:00Z", NOW));
        assertEquals(NOW + 500, Params.time("from", "2025-11-28T20:40:00.5Z", NOW));
        assertEquals(NOW, Params.time("from", "2025-11-28T21:40:00+01:00", NOW));
        assertEquals("without an offset: UTC", NOW, Params.time("from", "2025-11-28T20:40:00", NOW));
        assertEquals(NOW - (20 * H + 40 * 60_000), Params.time("from", "2025-11-28", NOW));
        assertEquals(NOW, Params.time("to", "now", NOW));
        assertEquals(NOW - H, Params.time("from", "-1h", NOW));
        assertEquals(NOW - 24 * H, Params.time("from", "-24h", NOW));
        assertEquals(NOW - 90_000, Params.time("from", "now-90s", NOW));
        assertEquals(NOW - 30 * 60_000, Params.time("from", "-30m", NOW));
        assertEquals(NOW - 500, Params.time("from", "-500ms", NOW));
        assertEquals(NOW - 7 * 24 * H, Params.time("from", "-7d", NOW));
        assertEquals(NOW - 14 * 24 * H, Params.time("from", "-2w", NOW));
        assertEquals(" -1h ", NOW - H, Params.time("from", " -1h ", NOW));
    }

    @Test
    public void anUnencodedPlusOfAnOffsetIsTakenBack() throws Exception {
        // '+' in a query string means a space: 2025-11-28T21:40:00+01:00 arrives as below
        assertEquals(NOW, Params.time("from", "2025-11-28T21:40:00 01:00", NOW));
    }

    @Test
    public void aBadTimeNamesItsParameterAndTheGrammar() {
        for (String bad : new String[] {"", "yesterday", "-1y", "-h", "1h", "+1h", "-1.5h", "2025-13-01",
                "1764362400000.5", "-99999999999999999w", "now+1h"}) {
            BadParameter e = bad(() -> Params.time("to", bad, NOW));
            assertEquals(bad, "to", e.parameter());
            assertTrue(e.getMessage(), e.getMessage().startsWith("to must be ms since the epoch"));
        }
        BadParameter far = bad(() -> Params.time("from", "-999999999999w", NOW));
        assertEquals("from", far.parameter());
        assertTrue(far.getMessage(), far.getMessage().contains("too far back"));
    }

    @Test
    public void aRangeIsTheLastHourUnlessToldOtherwise() throws Exception {
        assertEquals(new Params.Range(NOW - H, NOW), Params.range(null, null, NOW));
        assertEquals(new Params.Range(NOW - 3 * H, NOW - 2 * H), Params.range(null, "-2h", NOW));
        assertEquals(new Params.Range(NOW - 24 * H, NOW), Params.range("-24h", null, NOW));
        assertEquals(new Params.Range(5, 5), Params.range("5", "5", NOW));
        BadParameter e = bad(() -> Params.range("-1h", "-2h", NOW));
        assertEquals("from", e.parameter());
        assertTrue(e.getMessage(), e.getMessage().startsWith("from (2025-11-28T19:40:00Z) is after to (2025-11-28T18:40:00Z)"));
    }

    @Test
    public void woodstockRangesAreNamedPeriodsOrStartDotDotEnd() throws Exception {
        long day = 24 * H;
        assertEquals(new Params.Range(NOW - H, NOW), Params.woodstockRange("hour", NOW));
        assertEquals(new Params.Range(NOW - day, NOW), Params.woodstockRange("day", NOW));
        assertEquals(new Params.Range(NOW - 7 * day, NOW), Params.woodstockRange("week", NOW));
        assertEquals(new Params.Range(NOW - 30 * day, NOW), Params.woodstockRange("month", NOW));
        assertEquals(new Params.Range(NOW - 365 * day, NOW), Params.woodstockRange("year", NOW));
        assertEquals(new Params.Range(0, NOW), Params.woodstockRange("all", NOW));
        assertEquals(new Params.Range(1000, 2000), Params.woodstockRange("1000..2000", NOW));
        assertEquals(new Params.Range(NOW - H, NOW),
                Params.woodstockRange("2025-11-28T19:40:00Z..2025-11-28T20:40:00Z", NOW));
        assertEquals(new Params.Range(NOW - H + 500, NOW),
                Params.woodstockRange("2025-11-28T19:40:00.5Z..now", NOW));
        assertEquals(new Params.Range(NOW - 2 * H, NOW), Params.woodstockRange("-2h..", NOW));
        assertEquals(new Params.Range(0, 5000), Params.woodstockRange("..5000", NOW));

        for (String bad : new String[] {"fortnight", "", "1000", "2000..1000", "x..y", "HOUR"}) {
            assertEquals(bad, "range", bad(() -> Params.woodstockRange(bad, NOW)).parameter());
        }
    }

    @Test
    public void aCutIsEqualityOrARange() throws Exception {
        assertEquals(Cut.equal("count", "run", 300000L), Params.cut("cut", "count.run=300000"));
        assertEquals(Cut.equal("rate", "data.rate", 2.5), Params.cut("cut", "rate.data.rate=2.5"));
        assertEquals(Cut.equal("rate", "data.rate", -3L), Params.cut("cut", "rate.data.rate=-3"));
        assertEquals(Cut.equal("rate", "data.ok", true), Params.cut("cut", "rate.data.ok=true"));
        assertEquals(Cut.equal("rate", "data.state", "RUNNING"), Params.cut("cut", "rate.data.state=RUNNING"));
        assertEquals("quotes keep text text", Cut.equal("rate", "data.tag", "007"), Params.cut("cut", "rate.data.tag=\"007\""));
        assertEquals("a value may hold '='", Cut.equal("rate", "data.expr", "a=b"), Params.cut("cut", "rate.data.expr=a=b"));
        assertEquals("text with dots is text", Cut.equal("rate", "data.host", "a..b"), Params.cut("cut", "rate.data.host=a..b"));

        assertEquals(Cut.between("rate", "data.rate", 1.0, 2.0), Params.cut("cut", "rate.data.rate=1..2"));
        assertEquals(Cut.between("rate", "data.rate", 1.5, 2.5), Params.cut("cut", "rate.data.rate=1.5..2.5"));
        assertEquals(Cut.between("rate", "data.rate", -5.0, -1.0), Params.cut("cut", "rate.data.rate=-5..-1"));
        assertEquals(Cut.between("rate", "data.rate", null, 5.0), Params.cut("cut", "rate.data.rate=..5"));
        assertEquals(Cut.between("rate", "data.rate", 1000.0, null), Params.cut("cut", "rate.data.rate=1e3.."));
        assertEquals(Cut.between("rate", "data.rate", 3.0, 3.0), Params.cut("cut", "rate.data.rate=3..3"));
    }

    @Test
    public void aBadCutSaysWhatACutLooksLike() {
        String[][] cases = {
            {"rate.data.rate", "cut must be PROCESSOR.FIELD=VALUE"},
            {"rate=3", "cut must start with PROCESSOR.FIELD"},
            {".rate=3", "cut must start with PROCESSOR.FIELD"},
            {"rate.=3", "cut must start with PROCESSOR.FIELD"},
            {"rate.data..rate=3", "cut must start with PROCESSOR.FIELD"},
            {"rate.data.rate=", "cut has no value"},
            {"rate.data.rate=..", "cut on rate.data.rate: a range needs at least one bound"},
            {"rate.data.rate=5..1", "cut on rate.data.rate: the range 5..1 is empty"},
        };
        for (String[] c : cases) {
            BadParameter e = bad(() -> Params.cut("cut", c[0]));
            assertEquals(c[0], "cut", e.parameter());
            assertTrue(c[0] + ": " + e.getMessage(), e.getMessage().startsWith(c[1]));
        }
    }

    @Test
    public void valuesAreNumbersBooleansOrText() {
        assertEquals(7L, Params.value("7"));
        assertEquals(7.0, Params.value("7.0"));
        assertEquals(0.5, Params.value(".5"));
        assertEquals(1e-3, Params.value("1e-3"));
        assertEquals("too long for a long: a double", 1e20, Params.value("100000000000000000000"));
        assertEquals(false, Params.value("false"));
        assertEquals("NaN", Params.value("NaN"));
        assertEquals("0x10", Params.value("0x10"));
        assertEquals("1d", Params.value("1d"));
        assertEquals("null", Params.value("null"));
    }

    @Test
    public void fieldsAreDottedPathsSeparatedByCommas() throws Exception {
        assertEquals(List.of(), Params.fields("fields", List.of()));
        assertEquals(List.of("data.rate", "events"), Params.fields("fields", List.of("data.rate,events")));
        assertEquals(List.of("data.rate", "events", "run"), Params.fields("fields", List.of("data.rate, events", "run")));
        assertEquals(List.of("data.hist.3"), Params.fields("fields", List.of("data.hist.3")));
        for (String bad : new String[] {"", "a,,b", "a,", "data..rate", ".a", "a.", "a b", "a=b"}) {
            BadParameter e = bad(() -> Params.fields("fields", List.of(bad)));
            assertEquals(bad, "fields", e.parameter());
        }
    }

    @Test
    public void countsAreWholeNumbersFromOneCappedByTheServer() throws Exception {
        assertEquals(10, Params.positive("points", "10", 5000));
        assertEquals(1, Params.positive("points", "1", 5000));
        assertEquals(5000, Params.positive("points", "5001", 5000));
        assertEquals(5000, Params.positive("points", "999999999999", 5000));
        for (String bad : new String[] {"0", "-1", "x", "1.5", "", "1e3"}) {
            BadParameter e = bad(() -> Params.positive("limit", bad, 5000));
            assertEquals("limit", e.parameter());
            assertTrue(e.getMessage(), e.getMessage().startsWith("limit must be a whole number of at least 1"));
        }
    }

    interface Call {
        Object run() throws BadParameter;
    }

    static BadParameter bad(Call call) {
        try {
            Object r = call.run();
            fail("accepted, as " + r);
            return null;
        } catch (BadParameter e) {
            return e;
        }
    }
}

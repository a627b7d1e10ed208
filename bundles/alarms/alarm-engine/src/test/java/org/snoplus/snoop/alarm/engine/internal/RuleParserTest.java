package org.snoplus.snoop.alarm.engine.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;
import org.snoplus.snoop.alarm.Severity;

public class RuleParserTest {

    @Test
    public void everyKindIsRead() {
        RuleParser.Result r = RuleParser.parse("detector.rules", """
                # the detector
                [nhit-high]
                field = nhit.data.nhit.mean
                above = 60
                clear = 55
                for = 30s
                severity = alarm
                message = mean NHIT {value} above {threshold} for {for}

                [rate-low]
                field = rate.data.rate
                below = 900
                clear = 950

                [rate-band]
                field = rate.data.rate
                outside = 900..1100
                clear = 950..1050
                for = 2m

                [not-judged]
                field = occupancy.data.judged
                equal = false

                [run-type]
                field = runstats.data.run_type
                changed = true
                severity = info

                [no-host]
                field = host.data.heap.used
                missing = 3

                [pulser-fraction]
                field = triggers.data.bits.PULGT.count
                divide = data.events
                outside = 0.01..0.03

                [orphans-growing]
                field = runstats.data.orphans_run
                derive = rate
                above = 5

                [nhit-shape]
                field = nhit.data.hist
                compare = nhit-good
                test = chi2
                medium = 0.05
                bad = 0.001
                """);
        assertEquals(List.of(), r.problems());
        assertEquals(9, r.rules().size());
        Rule nhit = r.rules().get(0);
        assertEquals("nhit-high", nhit.name());
        assertEquals(Rule.Kind.ABOVE, nhit.kind());
        assertEquals(60, nhit.fire(), 0);
        assertEquals(55, nhit.clear(), 0);
        assertEquals(30_000, nhit.forMs());
        assertEquals(Severity.ALARM, nhit.severity());
        assertEquals("nhit", nhit.field().processor);
        assertEquals("above 60 (clears below 55) for 30 s", nhit.condition());
        assertEquals(Boolean.FALSE, r.rules().get(3).equal());
        assertEquals("data.events", r.rules().get(6).divide().path);
        assertTrue(r.rules().get(7).rate());
        assertEquals("chi2", r.rules().get(8).test());
        assertNull(r.rules().get(1).divide());
    }

    @Test
    public void problemsNameTheFileTheLineTheRuleTheKeyAndTheReason() {
        RuleParser.Result r = RuleParser.parse("bad.rules", """
                [nhit-high]
                field = nhit.data.nhit.mean
                above = sixty
                for = 30 parsecs
                severity = dire
                message = {value} is {colour}

                [two]
                field = nhit.data.nhit.mean
                above = 1
                below = 2

                [hyst]
                field = rate.data.rate
                above = 10
                clear = 20
                thresold = 3
                """);
        assertTrue(r.rules().isEmpty());
        List<String> p = r.problems();
        assertTrue(p.toString(), p.contains("bad.rules:3: rule nhit-high: above: 'sixty' is not a number"));
        assertTrue(p.toString(), p.stream().anyMatch(s -> s.startsWith("bad.rules:4: rule nhit-high: for: '30 parsecs' "
                + "is not a duration")));
        assertTrue(p.toString(), p.stream().anyMatch(s -> s.startsWith("bad.rules:5: rule nhit-high: severity: 'dire' is "
                + "not a severity")));
        assertTrue(p.toString(), p.stream().anyMatch(s -> s.startsWith("bad.rules:6: rule nhit-high: message: has an "
                + "unknown placeholder {colour}")));
        assertTrue(p.toString(), p.stream().anyMatch(s -> s.startsWith("bad.rules:") && s.contains("rule two:")
                && s.contains("more than one condition")));
        assertTrue(p.toString(), p.stream().anyMatch(s -> s.startsWith("bad.rules:16: rule hyst: clear: must not be above")));
        assertTrue(p.toString(), p.stream().anyMatch(s -> s.startsWith("bad.rules:17: rule hyst: thresold: is not a key "
                + "of a rule (did you mean threshold?)") || s.startsWith("bad.rules:17: rule hyst: thresold: is not a key")));
    }

    @Test
    public void aFieldMustBeAProcessorsField() {
        RuleParser.Result r = RuleParser.parse("f.rules", "[x]\nfield = nhit.mean\nabove = 1\n");
        assertEquals(1, r.problems().size());
        assertTrue(r.problems().get(0), r.problems().get(0).startsWith("f.rules:2: rule x: field: 'nhit.mean': the path"));
    }

    @Test
    public void namesAreCheckedAndUnique() {
        RuleParser.Result r = RuleParser.parse("n.rules", "[snoop.mine]\nfield = a.data.x\nabove = 1\n[a b]\n"
                + "field = a.data.x\nabove = 1\n[ok]\nfield = a.data.x\nabove = 1\n[ok]\nfield = a.data.x\nabove = 2\n");
        assertTrue(r.problems().toString(), r.problems().stream().anyMatch(s -> s.contains("framework's own")));
        assertTrue(r.problems().toString(), r.problems().stream().anyMatch(s -> s.startsWith("n.rules:4: rule a b:")));
        assertTrue(r.problems().toString(), r.problems().stream().anyMatch(s -> s.startsWith("n.rules:10: rule ok: "
                + "defined twice in this file (first at line 7)")));
    }

    @Test
    public void keysThatDoNotBelongAreRefused() {
        RuleParser.Result r = RuleParser.parse("k.rules", "[c]\nfield = a.data.x\nchanged = true\nfor = 10s\nclear = 3\n"
                + "[m]\nfield = a.data.x\nmissing = 0\n");
        assertTrue(r.problems().toString(), r.problems().contains("k.rules:4: rule c: for: has no meaning with changed "
                + "(a change is an instant)"));
        assertTrue(r.problems().toString(), r.problems().stream().anyMatch(s -> s.startsWith("k.rules:5: rule c: clear: "
                + "has no meaning with changed")));
        assertTrue(r.problems().toString(), r.problems().stream().anyMatch(s -> s.startsWith("k.rules:8: rule m: missing:")));
    }

    @Test
    public void durations() {
        assertEquals(500, Durations.parse("500ms"));
        assertEquals(30_000, Durations.parse("30s"));
        assertEquals(120_000, Durations.parse("2m"));
        assertEquals(3_600_000, Durations.parse("1h"));
        assertEquals(0, Durations.parse("0"));
        assertEquals("90 min", Durations.format(5_400_000));
        assertEquals("2 h 30 min", Durations.format(9_000_000));
    }
}

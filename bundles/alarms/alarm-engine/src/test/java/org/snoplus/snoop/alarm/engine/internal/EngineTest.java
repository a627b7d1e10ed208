package org.snoplus.snoop.alarm.engine.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.Before;
import org.junit.Test;
import org.snoplus.snoop.alarm.Alarm;
import org.snoplus.snoop.alarm.AlarmState;
import org.snoplus.snoop.alarm.Quality;
import org.snoplus.snoop.alarm.Severity;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.document.Shapes;

/** Every kind of rule with its duration and hysteresis, driven by documents on a clock the test moves. */
public class EngineTest {

    static final long PERIOD = 2000;

    private final TestClock clock = new TestClock();
    private Engine engine;
    private final List<Alarm> notified = new ArrayList<>();
    private final Map<String, Histogram> refs = new HashMap<>();
    private long seq;

    @Before
    public void setUp() {
        engine = new Engine(clock, () -> PERIOD);
        engine.listener((a, all) -> notified.add(a));
        engine.references(refs::get);
    }

    private void rules(String text) {
        RuleParser.Result r = RuleParser.parse("t.rules", text);
        assertEquals(List.of(), r.problems());
        assertEquals(List.of(), engine.rules("t.rules", r.rules()));
    }

    /** One period passes, then a document of {@code name} with {@code data} arrives, then a tick. */
    private void next(String name, Map<String, Object> data) {
        clock.advance(PERIOD);
        engine.evaluate(new SampleDocument(name + "@t:" + clock.now, name, clock.now, clock.now - PERIOD, clock.now, seq++,
                "1", "t", 300000, 1000, data));
        engine.tick();
    }

    private void value(String name, String key, Object v) {
        Map<String, Object> d = new HashMap<>();
        d.put(key, v);
        next(name, d);
    }

    private Alarm alarm(String name) {
        return engine.active().stream().filter(a -> a.name().equals(name)).findFirst().orElse(null);
    }

    /** The changes of the history since the last call, as "name state". */
    private List<String> changes() {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> list = (List<Map<String, Object>>) engine.sample().get("changes");
        return list.stream().map(m -> m.get("name") + " " + m.get("state")).toList();
    }

    @Test
    public void aboveFiresAfterItsForAndClearsOnlyBelowItsClearThreshold() {
        rules("[hot]\nfield = nhit.data.mean\nabove = 60\nclear = 55\nfor = 6s\nmessage = NHIT {value} above {threshold}\n");
        value("nhit", "mean", 50.0);
        value("nhit", "mean", 61.0); // holds from now
        value("nhit", "mean", 62.0); // 2 s
        value("nhit", "mean", 63.0); // 4 s
        assertNull("not before its for", alarm("hot"));
        value("nhit", "mean", 64.0); // 6 s
        Alarm a = alarm("hot");
        assertEquals(AlarmState.FIRING, a.state());
        assertEquals("NHIT 64 above 60", a.message());
        value("nhit", "mean", 58.0); // below the threshold, above the clear: still firing
        assertEquals(AlarmState.FIRING, alarm("hot").state());
        assertEquals("its message follows the value", "NHIT 58 above 60", alarm("hot").message());
        value("nhit", "mean", 54.0);
        assertNull(alarm("hot"));
        assertEquals(List.of("hot firing", "hot cleared"), changes());
        assertEquals(2, notified.size());
    }

    @Test
    public void aConditionThatStopsBeforeItsForNeverFires() {
        rules("[hot]\nfield = nhit.data.mean\nabove = 60\nfor = 10s\n");
        for (int i = 0; i < 20; i++) {
            value("nhit", "mean", i % 4 == 3 ? 50.0 : 70.0); // 6 s above, then below: never 10 s
        }
        assertNull(alarm("hot"));
        assertEquals(List.of(), changes());
    }

    @Test
    public void aNoisyValueAroundTheThresholdDoesNotFlap() {
        rules("[noisy]\nfield = rate.data.rate\nabove = 1000\nclear = 950\nfor = 4s\n");
        Random r = new Random(42);
        for (int i = 0; i < 50; i++) {
            value("rate", "rate", 900 + r.nextGaussian() * 10); // calm
        }
        for (int i = 0; i < 200; i++) {
            value("rate", "rate", 1000 + r.nextGaussian() * 10); // around the threshold: crosses it every other period
        }
        for (int i = 0; i < 50; i++) {
            value("rate", "rate", 900 + r.nextGaussian() * 10);
        }
        assertEquals("one firing, one clearing: no flapping", List.of("noisy firing", "noisy cleared"), changes());
    }

    @Test
    public void belowAndOutsideWithTheirClearBands() {
        rules("[low]\nfield = rate.data.rate\nbelow = 900\nclear = 950\n"
                + "[band]\nfield = rate.data.rate\noutside = 900..1100\nclear = 950..1050\nfor = 2s\nseverity = alarm\n");
        value("rate", "rate", 1000.0);
        value("rate", "rate", 890.0);
        assertEquals(AlarmState.FIRING, alarm("low").state());
        assertNull("band needs 2 s", alarm("band"));
        value("rate", "rate", 920.0);
        assertEquals(AlarmState.FIRING, alarm("low").state());
        assertEquals(AlarmState.FIRING, alarm("band").state());
        assertEquals(Severity.ALARM, alarm("band").severity());
        value("rate", "rate", 960.0);
        assertNull(alarm("low"));
        assertNull(alarm("band"));
        value("rate", "rate", 1101.0);
        value("rate", "rate", 1060.0);
        assertEquals("above the band, not yet inside the clear band", AlarmState.FIRING, alarm("band").state());
        value("rate", "rate", 1040.0);
        assertNull(alarm("band"));
    }

    @Test
    public void equalWithText() {
        rules("[judged]\nfield = occupancy.data.judged\nequal = false\nfor = 4s\n"
                + "[mode]\nfield = runstats.data.mode\nequal = \"CALIB\"\n");
        value("occupancy", "judged", false);
        value("occupancy", "judged", false);
        assertNull(alarm("judged"));
        value("occupancy", "judged", false);
        assertEquals(AlarmState.FIRING, alarm("judged").state());
        value("occupancy", "judged", true);
        assertNull(alarm("judged"));
        value("runstats", "mode", "CALIB");
        assertEquals("runstats.data.mode = CALIB", alarm("mode").message());
    }

    @Test
    public void changedFiresOnAChangeAndClearsWhenTheValueStays() {
        rules("[run-type]\nfield = runstats.data.run_type\nchanged = true\nseverity = info\n");
        value("runstats", "run_type", "PHYSICS");
        value("runstats", "run_type", "PHYSICS");
        assertNull(alarm("run-type"));
        value("runstats", "run_type", "DEPLOYED SOURCE");
        assertEquals("runstats.data.run_type changed from PHYSICS to DEPLOYED SOURCE", alarm("run-type").message());
        value("runstats", "run_type", "DEPLOYED SOURCE");
        assertNull(alarm("run-type"));
        assertEquals(List.of("run-type firing", "run-type cleared"), changes());
        assertTrue("info is below the notification threshold", notified.isEmpty());
    }

    @Test
    public void missingForNPeriods() {
        rules("[host-gone]\nfield = host.data.heap\nmissing = 3\nseverity = alarm\n");
        value("host", "heap", 10L);
        for (int i = 0; i < 3; i++) {
            value("count", "count", 1L); // other documents; host says nothing
        }
        assertNull("3 periods exactly: not yet", alarm("host-gone"));
        clock.advance(1000);
        engine.tick();
        assertEquals("no host.data.heap for 3 sample periods", alarm("host-gone").message());
        value("host", "heap", 11L);
        assertNull(alarm("host-gone"));
        value("host", "other", 11L); // the field is missing from the document: counts as missing
        clock.advance(3 * PERIOD + 1);
        engine.tick();
        assertEquals(AlarmState.FIRING, alarm("host-gone").state());
    }

    @Test
    public void ratioOfTwoFieldsAndRateOfChange() {
        rules("[pulser]\nfield = triggers.data.pulser\ndivide = data.events\noutside = 0.01..0.03\n"
                + "[orphans]\nfield = runstats.data.orphans_run\nderive = rate\nabove = 5\nclear = 2\n");
        next("triggers", Map.of("pulser", 20L, "events", 1000L));
        assertNull(alarm("pulser"));
        next("triggers", Map.of("pulser", 50L, "events", 1000L));
        assertEquals(AlarmState.FIRING, alarm("pulser").state());
        assertEquals(0.05, (Double) alarm("pulser").value(), 1e-12);
        next("triggers", Map.of("pulser", 20L, "events", 0L));
        assertEquals("a zero divisor judges nothing", AlarmState.FIRING, alarm("pulser").state());
        assertTrue(engine.ruleInfos().stream().anyMatch(i -> i.name().equals("pulser") && i.problem().contains("is 0")));

        value("runstats", "orphans_run", 100L);
        value("runstats", "orphans_run", 104L); // 2 per second
        assertNull(alarm("orphans"));
        value("runstats", "orphans_run", 124L); // 10 per second
        assertEquals(10.0, (Double) alarm("orphans").value(), 1e-9);
        value("runstats", "orphans_run", 132L); // 4 per second: above the clear
        assertEquals(AlarmState.FIRING, alarm("orphans").state());
        value("runstats", "orphans_run", 134L); // 1 per second
        assertNull(alarm("orphans"));
    }

    @Test
    public void aValueOfTheWrongKindIsAProblemNotAChange() {
        rules("[hot]\nfield = nhit.data.mean\nabove = 60\n");
        value("nhit", "mean", 70.0);
        assertEquals(AlarmState.FIRING, alarm("hot").state());
        value("nhit", "mean", "seventy");
        assertEquals(AlarmState.FIRING, alarm("hot").state());
        assertTrue(engine.ruleInfos().get(0).problem().contains("not a number"));
        next("nhit", Map.of());
        assertEquals(AlarmState.FIRING, alarm("hot").state());
        assertTrue(engine.ruleInfos().get(0).problem().contains("has no data.mean"));
    }

    @Test
    public void acknowledgedStaysUntilCleared() {
        rules("[hot]\nfield = nhit.data.mean\nabove = 60\n");
        value("nhit", "mean", 70.0);
        try {
            engine.acknowledge("cold", "JD", "");
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("no alarm named 'cold' is active (active: hot)"));
        }
        Alarm ack = engine.acknowledge("hot", "JD", "crate 7 looked at");
        assertEquals(AlarmState.ACKNOWLEDGED, ack.state());
        assertEquals("JD", ack.by());
        value("nhit", "mean", 71.0);
        assertEquals(AlarmState.ACKNOWLEDGED, alarm("hot").state());
        value("nhit", "mean", 50.0);
        assertNull(alarm("hot"));
        assertEquals(List.of("hot firing", "hot acknowledged", "hot cleared"), changes());
        assertEquals(3, notified.size());
    }

    @Test
    public void silencedAlarmsAreKeptButNotNotified() {
        rules("[hot]\nfield = nhit.data.mean\nabove = 60\n");
        engine.silence("ho*", 60_000, "JD", "calibration");
        value("nhit", "mean", 70.0);
        assertTrue(alarm("hot").silenced());
        assertTrue(notified.isEmpty());
        assertEquals(1, engine.sample().get("silenced"));
        clock.advance(60_000);
        engine.tick();
        assertFalse("the silence ended", alarm("hot").silenced());
        value("nhit", "mean", 50.0);
        assertTrue("never notified firing: not notified resolved", notified.isEmpty());
        try {
            engine.silence("x", 8 * 86_400_000L, "JD", "");
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("from 1 s to 7 d"));
        }
    }

    @Test
    public void frameworkConditionsFireAfterTheirForAndClearWhenGone() {
        Condition q = new Condition("snoop.processor.count.quarantined", Severity.ALARM, "count is quarantined", null, 0);
        Condition r = new Condition("snoop.reader.daq.down", Severity.ALARM, "daq is down", null, 4000);
        engine.framework(List.of(q, r));
        assertEquals(AlarmState.FIRING, alarm(q.name()).state());
        assertNull(alarm(r.name()));
        clock.advance(4000);
        engine.framework(List.of(q, r));
        assertEquals(AlarmState.FIRING, alarm(r.name()).state());
        engine.framework(List.of(r));
        assertNull(alarm(q.name()));
        assertEquals(List.of(q.name() + " firing", r.name() + " firing", q.name() + " cleared"), changes());
    }

    @Test
    public void processorsRaiseAndClearTheirOwn() {
        engine.raise("bundle x", "mything.stuck", Severity.WARNING, "crate 7 sent nothing");
        assertNull("taken up at the tick", alarm("mything.stuck"));
        engine.tick();
        assertEquals("bundle x", alarm("mything.stuck").origin());
        engine.clearRaised("bundle x", "mything.stuck");
        engine.tick();
        assertNull(alarm("mything.stuck"));
        try {
            engine.raise("bundle x", "snoop.core", Severity.ALARM, "");
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage().contains("framework's"));
        }
    }

    @Test
    public void aRuleRemovedClearsItsAlarm() {
        rules("[hot]\nfield = nhit.data.mean\nabove = 60\n");
        value("nhit", "mean", 70.0);
        engine.removeRules("t.rules");
        assertNull(alarm("hot"));
        assertEquals(List.of("hot firing", "hot cleared"), changes());
    }

    @Test
    public void aRuleNameTakenByAnotherFileKeepsTheFilesLastGoodRules() {
        rules("[hot]\nfield = nhit.data.mean\nabove = 60\n");
        RuleParser.Result other = RuleParser.parse("u.rules", "[hot]\nfield = nhit.data.mean\nabove = 10\n");
        List<String> problems = engine.rules("u.rules", other.rules());
        assertEquals(List.of("u.rules:1: rule hot: is defined in t.rules already: a rule's name is its alarm's name and "
                + "must be unique"), problems);
        assertEquals(problems, engine.problems());
        value("nhit", "mean", 30.0);
        assertNull(alarm("hot"));
    }

    @Test
    public void theStateSurvivesARestart() {
        rules("[hot]\nfield = nhit.data.mean\nabove = 60\n[slow]\nfield = nhit.data.mean\nabove = 20\nfor = 60s\n");
        value("nhit", "mean", 70.0);
        engine.acknowledge("hot", "JD", "seen");
        engine.silence("x.*", 60_000, "JD", "");
        changes();
        Object state = org.snoplus.snoop.testing.Handoff.copy(engine.state());

        Engine next = new Engine(clock, () -> PERIOD);
        next.rules("t.rules", RuleParser.parse("t.rules", "[hot]\nfield = nhit.data.mean\nabove = 60\n[slow]\n"
                + "field = nhit.data.mean\nabove = 20\nfor = 60s\n").rules());
        next.restore(state);
        assertEquals(AlarmState.ACKNOWLEDGED, next.active().get(0).state());
        assertEquals(1, next.silences().size());
        clock.advance(60_000);
        next.tick();
        assertEquals("the pending rule kept its start", 2, next.active().size());
    }

    @Test
    public void aReferenceCheckFlagsADistortedHistogramAsBadAndAGoodOneAsGood() {
        double[] edges = new double[51];
        for (int i = 0; i <= 50; i++) {
            edges[i] = i * 10;
        }
        Random r = new Random(7);
        refs.put("nhit-good", new Histogram(edges, toDoubles(fill(r, 200_000, 180, 40))));
        rules("[shape]\nfield = nhit.data.hist\ncompare = nhit-good\nmedium = 0.05\nbad = 0.001\nseverity = alarm\n"
                + "[shape2]\nfield = nhit.data.hist\ncompare = nhit-good\ntest = chi2\n");
        next("nhit", Map.of("hist", Shapes.histogram(edges, fill(r, 2000, 180, 40), 0, 0)));
        assertEquals(Quality.Level.GOOD, engine.quality().get("shape").level());
        assertEquals(Quality.Level.GOOD, engine.quality().get("shape2").level());
        assertNull(alarm("shape"));
        next("nhit", Map.of("hist", Shapes.histogram(edges, fill(r, 2000, 210, 40), 0, 0))); // shifted by 30
        assertEquals(Quality.Level.BAD, engine.quality().get("shape").level());
        assertEquals(Quality.Level.BAD, engine.quality().get("shape2").level());
        assertEquals(AlarmState.FIRING, alarm("shape").state());
        assertTrue(alarm("shape").message(), alarm("shape").message().startsWith("nhit.data.hist is bad against the "
                + "reference nhit-good (ks: p = "));
        next("nhit", Map.of("hist", Shapes.histogram(edges, fill(r, 50, 210, 40), 0, 0)));
        assertEquals("50 entries are too few", Quality.Level.UNKNOWN, engine.quality().get("shape").level());
        assertEquals(AlarmState.FIRING, alarm("shape").state());
        next("nhit", Map.of("hist", Shapes.histogram(edges, fill(r, 2000, 180, 40), 0, 0)));
        assertNull(alarm("shape"));
        @SuppressWarnings("unchecked")
        Map<String, Object> q = (Map<String, Object>) ((Map<String, Object>) engine.sample().get("quality")).get("shape");
        assertEquals("good", q.get("level"));
    }

    static long[] fill(Random r, int n, double mean, double sigma) {
        long[] c = new long[50];
        for (int i = 0; i < n; i++) {
            int b = (int) Math.floor((mean + r.nextGaussian() * sigma) / 10);
            if (b >= 0 && b < 50) {
                c[b]++;
            }
        }
        return c;
    }

    static double[] toDoubles(long[] c) {
        double[] d = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            d[i] = c[i];
        }
        return d;
    }
}

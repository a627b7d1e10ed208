package org.snoplus.snoop.alarm.engine.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.document.Shapes;

/**
 * What the alarm engine costs per sample period: 200 rules over the documents of 11 processors
 * (one document each, as a tick brings them), then the engine's tick. The rules are of every
 * kind: 150 thresholds (above, below, outside, with {@code for} and clear thresholds), 20 ratios,
 * 10 rates of change, 10 equalities and changes, 10 reference checks (Kolmogorov–Smirnov and χ² on
 * 100-bin histograms). One operation is one sample period.
 *
 * <p>{@code handWritten} is the baseline: the same 190 fields looked up in the same documents and
 * compared with their thresholds by hand (no state, no messages), and the same 10 comparisons
 * of histograms; the ratio is what the engine's bookkeeping costs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(1)
public class AlarmBenchmark {

    static final int PROCESSORS = 11;
    static final int FIELDS = 20;
    static final int BINS = 100;

    /** The engine's clock, moved a period per operation. */
    static final class StepClock extends Clock {
        long now = 1_764_362_400_000L;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now);
        }

        @Override
        public long millis() {
            return now;
        }
    }

    private final StepClock clock = new StepClock();
    private Engine engine;
    private final List<Map<String, Object>> data = new ArrayList<>();
    private double[] reference;
    private String[][] handPaths; // processor, group, field
    private double[] handThreshold;
    private long time = clock.now;
    private long seq;

    @Setup
    public void setUp() {
        Random r = new Random(1);
        double[] edges = new double[BINS + 1];
        for (int i = 0; i <= BINS; i++) {
            edges[i] = i * 5.0;
        }
        reference = new double[BINS];
        for (int p = 0; p < PROCESSORS; p++) {
            Map<String, Object> d = new LinkedHashMap<>();
            for (int g = 0; g < 4; g++) {
                Map<String, Object> group = new LinkedHashMap<>();
                for (int f = 0; f < FIELDS / 4; f++) {
                    group.put("f" + f, 100.0 + r.nextGaussian());
                }
                d.put("g" + g, group);
            }
            d.put("events", 2000L);
            d.put("mode", "PHYSICS");
            long[] counts = new long[BINS];
            for (int i = 0; i < 20_000; i++) {
                int b = (int) ((200 + r.nextGaussian() * 40) / 5);
                if (b >= 0 && b < BINS) {
                    counts[b]++;
                    if (p == 0) {
                        reference[b] += 10;
                    }
                }
            }
            d.put("hist", Shapes.histogram(edges, counts, 0, 0));
            data.add(d);
        }
        StringBuilder rules = new StringBuilder();
        List<String[]> hand = new ArrayList<>();
        List<Double> thresholds = new ArrayList<>();
        int n = 0;
        for (int i = 0; i < 150; i++, n++) {
            String p = "p" + (i % PROCESSORS);
            String g = "g" + (i / PROCESSORS % 4);
            String f = "f" + (i % 5);
            rules.append("[r").append(n).append("]\nfield = ").append(p).append(".data.").append(g).append('.').append(f)
                    .append('\n');
            switch (i % 3) {
                case 0 -> rules.append("above = 110\nclear = 105\nfor = 10s\n");
                case 1 -> rules.append("below = 90\nclear = 95\n");
                default -> rules.append("outside = 90..110\nclear = 95..105\nfor = 4s\nseverity = alarm\n");
            }
            hand.add(new String[] {p, g, f});
            thresholds.add(110.0);
        }
        for (int i = 0; i < 20; i++, n++) {
            String p = "p" + (i % PROCESSORS);
            rules.append("[r").append(n).append("]\nfield = ").append(p).append(".data.g1.f2\ndivide = data.events\n")
                    .append("outside = 0.01..0.1\n");
            hand.add(new String[] {p, "g1", "f2"});
            thresholds.add(0.1);
        }
        for (int i = 0; i < 10; i++, n++) {
            String p = "p" + (i % PROCESSORS);
            rules.append("[r").append(n).append("]\nfield = ").append(p).append(".data.g2.f3\nderive = rate\nabove = 50\n");
            hand.add(new String[] {p, "g2", "f3"});
            thresholds.add(50.0);
        }
        for (int i = 0; i < 10; i++, n++) {
            String p = "p" + (i % PROCESSORS);
            rules.append("[r").append(n).append("]\nfield = ").append(p).append(".data.mode\n")
                    .append(i % 2 == 0 ? "equal = \"CALIBRATION\"\n" : "changed = true\nseverity = info\n");
            hand.add(new String[] {p, "mode", null});
            thresholds.add(0.0);
        }
        for (int i = 0; i < 10; i++, n++) {
            String p = "p" + (i % PROCESSORS);
            rules.append("[r").append(n).append("]\nfield = ").append(p).append(".data.hist\ncompare = ref\n")
                    .append(i % 2 == 0 ? "test = ks\n" : "test = chi2\n");
        }
        RuleParser.Result parsed = RuleParser.parse("bench.rules", rules.toString());
        if (!parsed.ok() || parsed.rules().size() != 200) {
            throw new IllegalStateException(parsed.problems().toString());
        }
        engine = new Engine(clock, () -> 2000);
        Histogram ref = new Histogram(edges, reference);
        engine.references(name -> ref);
        engine.rules("bench.rules", parsed.rules());
        handPaths = hand.toArray(String[][]::new);
        handThreshold = thresholds.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private List<SampleDocument> tick() {
        time += 2000;
        clock.now = time;
        List<SampleDocument> docs = new ArrayList<>(PROCESSORS);
        for (int p = 0; p < PROCESSORS; p++) {
            String name = "p" + p;
            docs.add(new SampleDocument(name, name, time, time - 2000, time, seq, "1", "bench", 300000, 2000,
                    data.get(p)));
        }
        seq++;
        return docs;
    }

    @Benchmark
    public int engine() {
        for (SampleDocument d : tick()) {
            engine.evaluate(d);
        }
        engine.tick();
        return engine.ruleCount();
    }

    @Benchmark
    public void handWritten(Blackhole bh) {
        List<SampleDocument> docs = tick();
        Map<String, SampleDocument> byName = new LinkedHashMap<>();
        for (SampleDocument d : docs) {
            byName.put(d.name(), d);
        }
        for (int i = 0; i < handPaths.length; i++) {
            String[] p = handPaths[i];
            Object v = byName.get(p[0]).data().get(p[1]);
            if (p[2] != null) {
                v = ((Map<?, ?>) v).get(p[2]);
                bh.consume(((Number) v).doubleValue() > handThreshold[i]);
            } else {
                bh.consume("CALIBRATION".equals(v));
            }
        }
        for (int i = 0; i < 10; i++) {
            Histogram h = Histogram.of(byName.get("p" + (i % PROCESSORS)).data().get("hist"));
            bh.consume(i % 2 == 0 ? Comparison.ks(h.counts(), reference) : Comparison.chi2(h.counts(), reference));
        }
    }
}

package org.snoplus.snoop.benchmarks;

import java.lang.reflect.Method;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.snoplus.snoop.processor.Processor;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.testing.Configs;

/**
 * Per-event cost of each SNO+ monitoring processor on 100-hit events, and of the whole set
 * ({@code all}); one operation is one event. The processors are activated with their default
 * configuration, as the runtime deploys them.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar ProcessorsBenchmark -prof gc</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ProcessorsBenchmark {

    static final int EVENTS = 4096;

    @Param({"runstats", "triggers", "nhit", "occupancy", "charge", "timing", "all"})
    public String processor;

    private PmtEvent[] events;
    private Processor<Object>[] processors;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        events = SnoEvents.make(EVENTS, 100, 100, 11);
        processors = chosen(processor);
    }

    /** The SNO+ processors named (or "all"), activated with their defaults. */
    @SuppressWarnings("unchecked")
    static Processor<Object>[] chosen(String processor) throws Exception {
        String[] classes = {
            "org.snoplus.snoop.processor.runstats.internal.RunStats",
            "org.snoplus.snoop.processor.triggers.internal.TriggerCounts",
            "org.snoplus.snoop.processor.nhit.internal.NhitMonitor",
            "org.snoplus.snoop.processor.occupancy.internal.ChannelOccupancy",
            "org.snoplus.snoop.processor.charge.internal.ChargeSpectra",
            "org.snoplus.snoop.processor.timing.internal.TimingChecks"};
        String[] names = {"runstats", "triggers", "nhit", "occupancy", "charge", "timing"};
        java.util.List<Processor<Object>> chosen = new java.util.ArrayList<>();
        for (int i = 0; i < classes.length; i++) {
            if (processor.equals("all") || processor.equals(names[i])) {
                chosen.add(activated(classes[i]));
            }
        }
        return chosen.toArray(new Processor[0]);
    }

    /** An instance activated as DS would, with its configuration's defaults. */
    @SuppressWarnings("unchecked")
    private static Processor<Object> activated(String className) throws Exception {
        Class<?> c = Class.forName(className);
        var ctor = c.getDeclaredConstructor();
        ctor.setAccessible(true);
        Object p = ctor.newInstance();
        for (Method m : c.getDeclaredMethods()) {
            if (m.getName().equals("activate") && m.getParameterCount() == 1) {
                m.setAccessible(true);
                m.invoke(p, Configs.of(m.getParameterTypes()[0]));
            }
        }
        return (Processor<Object>) p;
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public int events() {
        Processor<Object>[] ps = processors;
        for (PmtEvent e : events) {
            for (Processor<Object> p : ps) {
                p.event(e);
            }
        }
        return ps.length;
    }
}

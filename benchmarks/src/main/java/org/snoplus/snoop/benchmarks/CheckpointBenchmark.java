package org.snoplus.snoop.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.snoplus.snoop.json.JsonValues;
import org.snoplus.snoop.processor.Processor;
import org.snoplus.snoop.sno.PmtEvent;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What a checkpoint costs per tick: each SNO+ processor's state after 20 000 events, taken as the
 * sampler takes it ({@code handoff()} and the deep copy, on the sampler thread) and written as the
 * checkpoint thread writes it (JSON). One operation is one tick's state of the processor (or of
 * the six). The size is printed at setup.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar CheckpointBenchmark</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class CheckpointBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Param({"runstats", "triggers", "nhit", "occupancy", "charge", "timing", "all"})
    public String processor;

    private Processor<Object>[] processors;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        processors = ProcessorsBenchmark.chosen(processor);
        PmtEvent[] events = SnoEvents.make(20_000, 100, 100, 11);
        for (PmtEvent e : events) {
            for (Processor<Object> p : processors) {
                p.event(e);
            }
        }
        System.out.printf("%n%s: checkpoint state %d bytes of JSON%n", processor, takeAndWrite().length);
    }

    /** handoff() and the copy, as on the sampler thread. */
    @Benchmark
    public Object take() {
        Map<String, Object> states = new LinkedHashMap<>();
        for (Processor<Object> p : processors) {
            states.put(p.getClass().getSimpleName(), JsonValues.copyForHandoff(p.handoff()));
        }
        return states;
    }

    /** The same, written as JSON, as on the checkpoint thread. */
    @Benchmark
    public byte[] takeAndWrite() throws Exception {
        return JSON.writeValueAsBytes(take());
    }
}

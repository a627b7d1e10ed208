package org.snoplus.snoop.benchmarks;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.sno.zdab.ZdabFile;

/**
 * ZDAB decoding from a file of realistic events against the raw read speed of the same file
 * through a plain buffered stream (the ceiling). One operation is one event.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar ZdabBenchmark -prof gc</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class ZdabBenchmark {

    static final int EVENTS = 20_000;

    /** Hits per event: 100 exactly, or 100 to 400. */
    @Param({"100", "100-400"})
    public String hits;

    private Path file;
    private final byte[] buffer = new byte[1 << 16];

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        int min = 100;
        int max = hits.equals("100") ? 100 : 400;
        file = SnoEvents.write(SnoEvents.make(EVENTS, min, max, 42), "bench-" + hits);
        System.out.printf("%n%s: %d events, %d bytes (%.0f bytes/event)%n", hits, EVENTS, Files.size(file),
                Files.size(file) / (double) EVENTS);
    }

    /** The ceiling: the file's bytes through a buffered stream, nothing decoded. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long rawRead() throws IOException {
        long n = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            int r;
            while ((r = in.read(buffer)) > 0) {
                n += r;
            }
        }
        return n;
    }

    /** Walking records and decoding every event with its hits. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long decode() throws IOException {
        long hitsSeen = 0;
        try (ZdabFile z = ZdabFile.open(file)) {
            Object o;
            while ((o = z.next()) != null) {
                if (o instanceof PmtEvent e) {
                    hitsSeen += e.nhit();
                }
            }
        }
        return hitsSeen;
    }
}

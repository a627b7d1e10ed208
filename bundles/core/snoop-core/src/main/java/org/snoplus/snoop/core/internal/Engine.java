package org.snoplus.snoop.core.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.Version;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snoplus.snoop.admin.LoopInfo;
import org.snoplus.snoop.admin.ProcessorInfo;
import org.snoplus.snoop.admin.ReaderInfo;
import org.snoplus.snoop.admin.WriterInfo;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.processor.Processor;
import org.snoplus.snoop.reader.Reader;
import org.snoplus.snoop.writer.Writer;

/**
 * The core, free of the service registry so that it can be tested and benchmarked on its own
 * ({@link SnoopCore} binds services to it). It puts together the parts, each readable alone:
 * the {@link EventRing} the readers publish into, the {@link EventLoop} that delivers events
 * (with its {@link BackPressure} policy), the {@link Sampler}, the {@link SwapCoordinator} for
 * processors coming and going, the {@link AdminView}, and the readers' and writers' threads
 * ({@link ReaderRunner}, {@link WriterChannel}). What it does itself is the lifecycle: start,
 * drain, stop, configure.
 */
public final class Engine {

    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);

    private volatile CoreSettings settings;
    private final EventRing ring;
    private final EventLoop loop;
    private final Sampler sampler;
    private final SwapCoordinator swaps;
    private final AdminView admin;
    private final CopyOnWriteArrayList<ReaderRunner> readers = new CopyOnWriteArrayList<>();
    private final CopyOnWriteArrayList<WriterChannel> writers = new CopyOnWriteArrayList<>();

    // --- guarded by lifecycle
    private final Object lifecycle = new Object();
    private boolean running;
    private boolean draining;

    public Engine(CoreSettings settings) {
        this.settings = settings;
        this.ring = new EventRing(settings.ringSize());
        this.loop = new EventLoop(ring, this::settings);
        this.sampler = new Sampler(loop, this::settings, this::publish, this::readerRates);
        loop.sampler(sampler);
        this.swaps = new SwapCoordinator(loop, this::settings);
        this.admin = new AdminView(loop, sampler, readers, writers, this::settings);
    }

    // ------------------------------------------------------------------ lifecycle

    /** Starts the loop thread, the sample ticks, the watchdog and the readers. */
    public void start() {
        synchronized (lifecycle) {
            if (running) {
                return;
            }
            running = true;
            draining = false;
            ring.open();
            loop.start();
            sampler.start();
        }
        for (ReaderRunner r : readers) {
            r.start();
        }
    }

    /**
     * Stops the readers, delivers what they read, takes a final sample of every processor and waits
     * for the writers to write it. Idempotent; the loop keeps running so that processors can still
     * be unbound (and hand their state over) afterwards.
     */
    public void drain(Duration timeout) {
        synchronized (lifecycle) {
            if (!running || draining) {
                return;
            }
            draining = true;
        }
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        sampler.stopTicks();
        for (ReaderRunner r : readers) {
            r.stop(Math.max(1, Math.min(5000, deadline - System.currentTimeMillis())));
        }
        ring.close();
        // every event read reaches every processor that can take it (samples running end first)
        await(loop.call(new CaughtUp()), deadline, "events delivered");
        long t = System.currentTimeMillis();
        List<CompletableFuture<SampleDocument>> finals = loop.call(new FinalTick(t));
        // a sample that hangs is not waited for beyond its time limit: the others are written
        long samplesDeadline = Math.min(deadline, System.currentTimeMillis() + settings.sampleTimeoutMs());
        for (CompletableFuture<SampleDocument> f : finals) {
            await(f, samplesDeadline, null);
        }
        for (WriterChannel w : writers) {
            if (!w.awaitWritten(deadline)) {
                LOG.error("writer {} still has {} documents queued after the final sample", w.name, w.queued());
            }
        }
        LOG.info("drained: final sample taken at {}", t);
    }

    /** Completes when the loop has delivered everything read to every slot not sampling. */
    private record CaughtUp() implements LoopCommand<CompletableFuture<Void>> {
        @Override
        public CompletableFuture<Void> run(EventLoop loop) {
            return loop.caughtUp();
        }
    }

    /** The final sample of a drain: a tick at {@code time}, whatever the period. */
    private record FinalTick(long time) implements LoopCommand<List<CompletableFuture<SampleDocument>>> {
        @Override
        public List<CompletableFuture<SampleDocument>> run(EventLoop loop) {
            return loop.sampler().tick(time);
        }
    }

    private static void await(CompletableFuture<?> f, long deadline, String what) {
        try {
            f.get(Math.max(1, deadline - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            if (what != null) {
                LOG.warn("drain: gave up waiting for {}: {}", what, e.toString());
            }
            // a sample's own failure is reported by the sampler
        }
    }

    /** Stops everything: writers are given until the timeout to write what they hold. */
    public void stop(Duration timeout) {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        synchronized (lifecycle) {
            if (!running) {
                return;
            }
            running = false;
        }
        sampler.stop();
        for (ReaderRunner r : readers) {
            r.stop(1000);
        }
        loop.stop(Math.max(1, deadline - System.currentTimeMillis()));
        for (WriterChannel w : writers) {
            w.close(Math.max(deadline, System.currentTimeMillis() + 100));
        }
        sampler.shutdown();
    }

    /** Applies a new configuration; what can only change at a restart is reported. */
    public void configure(CoreSettings next) {
        CoreSettings old = settings;
        settings = next;
        if (old.ringSize() != next.ringSize()) {
            LOG.warn("ring.size changes from {} to {} at the next start", old.ringSize(), next.ringSize());
        }
        if (old.samplePeriodMs() != next.samplePeriodMs()) {
            LOG.info("sample period is now {} ms", next.samplePeriodMs());
            sampler.reschedule();
        }
    }

    public CoreSettings settings() {
        return settings;
    }

    // ------------------------------------------------------------------ processors

    /** A processor service arrived (see {@link SwapCoordinator#bind}). */
    public void bind(String name, Processor<?> processor, Version version, String bundle) {
        swaps.bind(name, processor, version, bundle);
    }

    /** A processor service went away (see {@link SwapCoordinator#unbind}). */
    public void unbind(Processor<?> processor) {
        swaps.unbind(processor);
    }

    /** Lets a quarantined processor run again, from the current event on. */
    public void enable(String name) {
        loop.call(new Enable(name));
        LOG.info("processor {} enabled", name);
    }

    private record Enable(String name) implements LoopCommand<Void> {
        @Override
        public Void run(EventLoop loop) {
            ProcessorSlot s = loop.slot(name);
            if (s == null || s.state() == SlotState.REMOVED) {
                throw new IllegalArgumentException("no processor named '" + name + "'");
            }
            if (s.state() != SlotState.QUARANTINED) {
                throw new IllegalArgumentException("processor '" + name + "' is not quarantined (it is "
                        + s.state().shown() + ")");
            }
            s.enable(loop.head());
            return null;
        }
    }

    /** Samples one processor now and returns its document (see {@link Sampler#sampleNow}). */
    public SampleDocument sampleNow(String name, Duration timeout) throws Exception {
        return sampler.sampleNow(name, timeout);
    }

    // ------------------------------------------------------------------ readers and writers

    public void addReader(String name, Reader reader) {
        ReaderRunner r = new ReaderRunner(uniqueName(name, readers.stream().map(x -> x.name).toList()), reader, ring);
        readers.add(r);
        boolean start;
        synchronized (lifecycle) {
            start = running && !draining;
        }
        if (start) {
            r.start();
        }
        LOG.info("reader {} added: {}", r.name, AdminView.describe(r));
    }

    public void removeReader(Reader reader) {
        for (ReaderRunner r : readers) {
            if (r.reader == reader) {
                r.stop(5000);
                readers.remove(r);
                LOG.info("reader {} removed after {} events", r.name, r.events());
            }
        }
    }

    public void addWriter(String name, Writer writer, int queueSize) {
        WriterChannel w = new WriterChannel(uniqueName(name, writers.stream().map(x -> x.name).toList()), writer,
                queueSize > 0 ? queueSize : settings.writerQueue());
        w.start();
        writers.add(w);
        LOG.info("writer {} added: {}", w.name, w.writer.describe());
    }

    /** A writer went away: it is given a few seconds to write what is queued for it. */
    public void removeWriter(Writer writer) {
        for (WriterChannel w : writers) {
            if (w.writer == writer) {
                writers.remove(w);
                w.close(System.currentTimeMillis() + 5000);
                LOG.info("writer {} removed after {} documents", w.name, w.written.get());
            }
        }
    }

    /** A document sampled: to every writer's queue. Called on sampler threads. */
    private void publish(SampleDocument doc) {
        for (WriterChannel w : writers) {
            w.offer(doc);
        }
    }

    private void readerRates(long elapsedMs) {
        for (ReaderRunner r : readers) {
            r.updateRate(elapsedMs);
        }
    }

    private static String uniqueName(String name, List<String> taken) {
        String n = name;
        for (int i = 2; taken.contains(n); i++) {
            n = name + "-" + i;
        }
        return n;
    }

    // ------------------------------------------------------------------ what the shell sees

    public List<ProcessorInfo> processors() {
        return admin.processors();
    }

    public List<ReaderInfo> readers() {
        return admin.readers();
    }

    public List<WriterInfo> writers() {
        return admin.writers();
    }

    public LoopInfo loopInfo() {
        return admin.loop();
    }
}

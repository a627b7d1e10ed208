package org.snoplus.snoop.core.internal;

import java.io.IOException;
import java.nio.file.Path;
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
    /** Null when checkpoints are off (no data directory, or turned off). */
    private final Checkpointer checkpointer;
    private final DocumentJournal journal;
    /** Journal order is fan-out order: each writer's queue is in sequence order. */
    private final Object publishing = new Object();

    /** The names disabled by an operator; changed under {@link #operator}. */
    private final DisabledNames disabled;
    /** Serialises enable and disable: a disabled instance's handoff() must not meet its event() again. */
    private final Object operator = new Object();

    // --- guarded by lifecycle
    private final Object lifecycle = new Object();
    private boolean running;
    private boolean draining;

    public Engine(CoreSettings settings) {
        this(settings, Durability.NONE);
    }

    /**
     * An engine that checkpoints and journals under {@code durability.dir()}, and resumes from the
     * checkpoint found there: processors get their state when they bind, readers their position
     * when they are added, writers what the journal holds for them.
     */
    public Engine(CoreSettings settings, Durability durability) {
        this(settings, durability, null);
    }

    /**
     * As {@link #Engine(CoreSettings, Durability)}, keeping the processors an operator disables in
     * {@code disabledFile} (null: for the life of the engine only); the names listed there are
     * disabled from the start.
     */
    public Engine(CoreSettings settings, Durability durability, Path disabledFile) {
        this.settings = settings;
        this.ring = new EventRing(settings.ringSize());
        this.loop = new EventLoop(ring, this::settings);
        if (durability.enabled()) {
            CheckpointStore store = new CheckpointStore(durability.dir(), durability.checkpointMaxBytes());
            DocumentJournal j = null;
            try {
                j = new DocumentJournal(durability.dir().resolve("journal"), durability.journalMaxBytes());
            } catch (java.io.IOException e) {
                LOG.error("the journal under {} cannot be opened ({}): documents go to the writers without it",
                        durability.dir(), e.toString());
            }
            this.journal = j;
            this.checkpointer = new Checkpointer(store, j, store.load(), durability.checkpointPeriodMs(), this::settings,
                    () -> writers);
            Checkpoint restored = checkpointer.restored();
            if (restored != null) {
                loop.restorer(s -> {
                    Checkpoint.Entry e = restored.processors().get(s.name);
                    if (e != null) {
                        s.restore(e);
                    }
                });
                // the processors deployed at the last stop are expected back: their events are held
                // from the start (up to swap.hold.ms), as during a swap
                long now = System.currentTimeMillis();
                restored.processors().forEach((name, e) -> {
                    if (e.live()) {
                        loop.call(new Reinstate(name, now));
                    }
                });
            }
        } else {
            this.journal = null;
            this.checkpointer = null;
        }
        this.sampler = new Sampler(loop, this::settings, this::publish, this::readerRates, () -> readers,
                checkpointer);
        loop.sampler(sampler);
        this.swaps = new SwapCoordinator(loop, this::settings);
        this.admin = new AdminView(loop, sampler, readers, writers, this::settings);
        this.disabled = new DisabledNames(disabledFile);
        for (String name : disabled.names()) {
            loop.call(new MarkDisabled(name));
            LOG.info("processor {} stays disabled (listed in {}); snoop:enable {} lets it run", name, disabledFile,
                    name);
        }
    }

    /** A name disabled before this start: whatever instance attaches to it comes DISABLED. */
    private record MarkDisabled(String name) implements LoopCommand<Void> {
        @Override
        public Void run(EventLoop loop) {
            loop.slotFor(name).disable();
            return null;
        }
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
        if (checkpointer != null) {
            // the final checkpoint is complete once the final samples are back
            await(checkpointer.written(), deadline, "the final checkpoint");
        }
        for (WriterChannel w : writers) {
            if (!w.awaitWritten(deadline)) {
                LOG.error("writer {} still has {} documents queued after the final sample", w.name, w.queued());
            }
        }
        LOG.info("drained: final sample taken at {}", t);
    }

    /** For tests. */
    EventLoop loop() {
        return loop;
    }

    /** A name from the checkpoint, holding its events until its processor binds. */
    private record Reinstate(String name, long now) implements LoopCommand<Void> {
        @Override
        public Void run(EventLoop loop) {
            loop.slotFor(name).reinstate(now);
            return null;
        }
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
            loop.deliverPublished();
            return loop.sampler().tick(time, true);
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
        if (checkpointer != null) {
            checkpointer.close();
        }
        if (journal != null) {
            journal.close();
        }
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

    /**
     * Lets a quarantined or disabled processor run again, from the current event on, with the state
     * its instance kept.
     */
    public void enable(String name) {
        synchronized (operator) {
            loop.call(new Enable(name));
            try {
                disabled.remove(name);
            } catch (IOException e) {
                LOG.error("processor {} enabled, but {} cannot be rewritten ({}): it will be disabled again at the "
                        + "next start", name, disabled.file(), e.toString());
                throw new IllegalStateException(name + " is enabled, but " + disabled.file() + " cannot be rewritten ("
                        + e.getMessage() + "): it will be disabled again at the next start");
            }
        }
        LOG.info("processor {} enabled", name);
    }

    private record Enable(String name) implements LoopCommand<Void> {
        @Override
        public Void run(EventLoop loop) {
            ProcessorSlot s = loop.slot(name);
            if (s == null || s.state() == SlotState.REMOVED && !s.disabled) {
                throw new IllegalArgumentException("no processor named '" + name + "'");
            }
            if (s.state() != SlotState.QUARANTINED && !s.disabled) {
                throw new IllegalArgumentException("processor '" + name + "' is neither quarantined nor disabled (it is "
                        + s.state().shown() + ")");
            }
            s.enable(loop.head());
            return null;
        }
    }

    /**
     * Takes a processor out of the event loop and the sampler; its instance keeps its state (taken
     * now, so that a checkpoint carries it), until {@link #enable}. Kept across restarts.
     *
     * @throws IllegalArgumentException if there is no processor of that name or it is disabled already
     * @throws IllegalStateException if the choice cannot be written to the data directory (nothing changed)
     */
    public void disable(String name) {
        String how;
        synchronized (operator) {
            disabled.checkRoom(name);
            Disabled d = loop.call(new Disable(name));
            try {
                disabled.add(name);
            } catch (IOException e) {
                loop.call(new Enable(name));
                throw new IllegalStateException(name + " is not disabled: " + disabled.file() + " cannot be written ("
                        + e.getMessage() + ")");
            }
            if (d.stopped() != null) {
                // the loop no longer calls it, and enable waits for this lock: handoff() runs alone
                swaps.keepState(d.slot(), d.stopped());
                how = "no events, no samples, its state kept";
            } else {
                how = "from the end of its running sample or its next version on (it is " + d.was().shown() + ")";
            }
        }
        LOG.info("processor {} disabled by an operator: {}; snoop:enable {} lets it run again", name, how, name);
    }

    /** What {@link Disable} did: the instance it stopped now (null if the slot stops later). */
    private record Disabled(ProcessorSlot slot, Instance stopped, SlotState was) {
    }

    private record Disable(String name) implements LoopCommand<Disabled> {
        @Override
        public Disabled run(EventLoop loop) {
            ProcessorSlot s = loop.slot(name);
            if (s == null || s.state() == SlotState.REMOVED) {
                throw new IllegalArgumentException("no processor named '" + name + "'");
            }
            if (s.disabled) {
                throw new IllegalArgumentException("processor '" + name + "' is disabled already");
            }
            SlotState was = s.state();
            return new Disabled(s, s.disable() ? s.live : null, was);
        }
    }

    /** Samples one processor now and returns its document (see {@link Sampler#sampleNow}). */
    public SampleDocument sampleNow(String name, Duration timeout) throws Exception {
        return sampler.sampleNow(name, timeout);
    }

    // ------------------------------------------------------------------ readers and writers

    public void addReader(String name, Reader reader) {
        String unique = uniqueName(name, readers.stream().map(x -> x.name).toList());
        Object resume = checkpointer == null ? null : checkpointer.readerStarts(unique);
        ReaderRunner r = new ReaderRunner(unique, reader, ring, resume);
        if (resume != null) {
            LOG.info("reader {} resumes from the checkpoint: {}", unique, resume);
        }
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
        int capacity = queueSize > 0 ? queueSize : settings.writerQueue();
        WriterChannel w;
        synchronized (publishing) {
            String unique = uniqueName(name, writers.stream().map(x -> x.name).toList());
            if (journal == null) {
                w = new WriterChannel(unique, writer, capacity);
            } else {
                long next = journal.next();
                long mark = checkpointer.writerStarts(unique);
                if (mark < 0 || mark >= next - 1) {
                    w = new WriterChannel(unique, writer, capacity, next - 1, null, -1);
                } else {
                    w = new WriterChannel(unique, writer, capacity, mark, journal.replay(mark, next), next);
                    long lost = journal.first() - 1 - mark;
                    if (lost > 0) {
                        w.dropped.addAndGet(lost);
                        LOG.error("writer {}: {} documents it had not confirmed were given up by the full journal "
                                + "(journal.max.mb)", unique, lost);
                    }
                    LOG.info("writer {}: replaying documents {} to {} from the journal", unique, mark + 1, next - 1);
                }
            }
            w.start();
            writers.add(w);
        }
        LOG.info("writer {} added: {}", w.name, w.writer.describe());
    }

    /** A writer went away: it is given a few seconds to write what is queued for it. */
    public void removeWriter(Writer writer) {
        for (WriterChannel w : writers) {
            if (w.writer == writer) {
                writers.remove(w);
                w.close(System.currentTimeMillis() + 5000);
                if (checkpointer != null) {
                    checkpointer.writerGone(w.name, w.confirmed());
                }
                LOG.info("writer {} removed after {} documents", w.name, w.written.get());
            }
        }
    }

    /** A document sampled: into the journal, then to every writer's queue. Called on sampler threads. */
    private void publish(SampleDocument doc) {
        synchronized (publishing) {
            long seq = journal == null ? -1 : journal.append(doc);
            for (WriterChannel w : writers) {
                w.offer(seq, doc);
            }
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

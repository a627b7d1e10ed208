package org.snoplus.snoop.core.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

import org.snoplus.snoop.admin.LoopInfo;
import org.snoplus.snoop.admin.ProcessorInfo;
import org.snoplus.snoop.admin.ReaderInfo;
import org.snoplus.snoop.admin.WriterInfo;

/**
 * What the shell, the REST API and the launcher see: snapshots built from the volatile fields of
 * the slots, readers and writers, on the caller's thread. It never waits for the loop, so it
 * answers even while a processor is stuck.
 */
final class AdminView {

    private final EventLoop loop;
    private final Sampler sampler;
    private final List<ReaderRunner> readers;
    private final List<WriterChannel> writers;
    private final Supplier<CoreSettings> settings;

    AdminView(EventLoop loop, Sampler sampler, List<ReaderRunner> readers, List<WriterChannel> writers,
            Supplier<CoreSettings> settings) {
        this.loop = loop;
        this.sampler = sampler;
        this.readers = readers;
        this.writers = writers;
        this.settings = settings;
    }

    List<ProcessorInfo> processors() {
        List<ProcessorInfo> out = new ArrayList<>();
        for (ProcessorSlot s : loop.allSlots()) {
            SlotState state = s.state();
            if (state != SlotState.REMOVED) {
                out.add(new ProcessorInfo(s.name, s.version.toString(), s.bundle, state.shown(), s.events(), s.aborts(),
                        s.errors, s.lost, s.held, s.samples, s.lastSampleTime, s.lastError));
            }
        }
        out.sort(Comparator.comparing(ProcessorInfo::name));
        return out;
    }

    List<ReaderInfo> readers() {
        List<ReaderInfo> out = new ArrayList<>();
        for (ReaderRunner r : readers) {
            out.add(new ReaderInfo(r.name, r.state, r.events(), r.rate, r.malformed(), describe(r), r.lastError));
        }
        return out;
    }

    List<WriterInfo> writers() {
        List<WriterInfo> out = new ArrayList<>();
        for (WriterChannel w : writers) {
            String d;
            try {
                d = w.writer.describe();
            } catch (Throwable t) {
                d = w.writer.getClass().getSimpleName();
            }
            out.add(new WriterInfo(w.name, w.state(), w.queued(), w.capacity, w.written.get(), w.dropped.get(),
                    w.failures.get(), d, w.lastError));
        }
        return out;
    }

    LoopInfo loop() {
        EventRing ring = loop.ring();
        return new LoopInfo(loop.eventsTaken(), sampler.loopRate(), Math.max(0, ring.published() - ring.gate()),
                ring.capacity(), settings.get().samplePeriodMs(), loop.run());
    }

    static String describe(ReaderRunner r) {
        try {
            return r.reader.describe();
        } catch (Throwable t) {
            return r.reader.getClass().getSimpleName();
        }
    }
}

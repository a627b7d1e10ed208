package org.snoplus.snoop.benchmarks;

import java.util.Map;

import org.snoplus.snoop.processor.Processor;
import org.snoplus.snoop.sno.Channels;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.sno.TriggerBits;

/**
 * Five processors doing what SNO+ monitoring does per event (NHIT histogram, occupancy, trigger
 * counts, charge per crate, GTID continuity), allocation-free, for the end-to-end benchmark.
 */
final class SnoProcessors {

    private SnoProcessors() {
    }

    static Processor<?>[] five() {
        return new Processor<?>[] {new Nhit(), new Occupancy(), new Triggers(), new Charge(), new Gtid()};
    }

    abstract static class Sno implements Processor<PmtEvent>, TrivialProcessors.Counted {
        long events;

        @Override
        public Class<PmtEvent> eventType() {
            return PmtEvent.class;
        }

        @Override
        public long n() {
            return (long) EVENTS.getOpaque(this);
        }

        private static final java.lang.invoke.VarHandle EVENTS;

        static {
            try {
                EVENTS = java.lang.invoke.MethodHandles.lookup().findVarHandle(Sno.class, "events", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    static final class Nhit extends Sno {
        final long[] histogram = new long[1024];

        @Override
        public void event(PmtEvent e) {
            int n = 0;
            int[] lcn = e.lcn();
            for (int i = 0, h = e.nhit(); i < h; i++) {
                if (!Channels.isFecd(lcn[i])) {
                    n++;
                }
            }
            histogram[Math.min(n, histogram.length - 1)]++;
            events++;
        }

        @Override
        public Map<String, Object> sample() {
            return Map.of("counts", histogram);
        }
    }

    static final class Occupancy extends Sno {
        final long[] hits = new long[Channels.COUNT];

        @Override
        public void event(PmtEvent e) {
            int[] lcn = e.lcn();
            for (int i = 0, h = e.nhit(); i < h; i++) {
                hits[lcn[i]]++;
            }
            events++;
        }

        @Override
        public Map<String, Object> sample() {
            return Map.of("hits", hits);
        }
    }

    static final class Triggers extends Sno {
        final long[] counts = new long[TriggerBits.COUNT];

        @Override
        public void event(PmtEvent e) {
            int w = e.triggerWord();
            while (w != 0) {
                counts[Integer.numberOfTrailingZeros(w)]++;
                w &= w - 1;
            }
            events++;
        }

        @Override
        public Map<String, Object> sample() {
            return Map.of("counts", counts);
        }
    }

    static final class Charge extends Sno {
        final long[] qhsSum = new long[Channels.CRATES];
        final long[] qhsHits = new long[Channels.CRATES];

        @Override
        public void event(PmtEvent e) {
            int[] lcn = e.lcn();
            short[] qhs = e.qhs();
            for (int i = 0, h = e.nhit(); i < h; i++) {
                int crate = Channels.crate(lcn[i]);
                qhsSum[crate] += qhs[i];
                qhsHits[crate]++;
            }
            events++;
        }

        @Override
        public Map<String, Object> sample() {
            return Map.of("sum", qhsSum, "hits", qhsHits);
        }
    }

    static final class Gtid extends Sno {
        int last = -1;
        long skips;

        @Override
        public void event(PmtEvent e) {
            int g = e.gtid();
            if (last >= 0 && g != ((last + 1) & 0xFFFFFF)) {
                skips++;
            }
            last = g;
            events++;
        }

        @Override
        public Map<String, Object> sample() {
            return Map.of("skips", skips);
        }
    }
}

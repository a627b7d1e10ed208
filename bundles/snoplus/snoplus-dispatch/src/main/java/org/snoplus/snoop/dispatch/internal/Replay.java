package org.snoplus.snoop.dispatch.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

import org.snoplus.snoop.dispatch.DispatchServer;
import org.snoplus.snoop.dispatch.Frames;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.sno.synthetic.DetectorSettings;
import org.snoplus.snoop.sno.synthetic.SyntheticDetector;
import org.snoplus.snoop.sno.zdab.ZdabCodec;
import org.snoplus.snoop.sno.zdab.ZdabFile;

/**
 * {@code snoop dispatch [--port P] [--rate HZ] [--loop] [--events N] [--seed S] [FILE.zdab...]}:
 * serves the records of ZDAB files, or the synthetic detector when no file is given, as a SNO+
 * dispatcher does (PMT events as {@code RAWDATA}, run, trigger and pedestal headers as
 * {@code RECHDR}), for demos and tests. A line on standard error every 10 s says what was sent.
 */
public final class Replay {

    private Replay() {
    }

    public static void main(String[] args) throws Exception {
        int port = Frames.DEFAULT_PORT;
        double rate = 1000;
        boolean loop = false;
        long events = 0;
        long seed = 1;
        String bind = "127.0.0.1";
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--port" -> port = Integer.parseInt(value(args, ++i, a));
                case "--rate" -> rate = Double.parseDouble(value(args, ++i, a));
                case "--loop" -> loop = true;
                case "--events" -> events = Long.parseLong(value(args, ++i, a));
                case "--seed" -> seed = Long.parseLong(value(args, ++i, a));
                case "--bind" -> bind = value(args, ++i, a);
                case "-h", "--help" -> {
                    usage();
                    return;
                }
                default -> {
                    if (a.startsWith("--")) {
                        fail("unknown option " + a);
                    }
                    Path f = Path.of(a);
                    if (!Files.isReadable(f)) {
                        fail("cannot read " + f);
                    }
                    files.add(f);
                }
            }
        }
        if (rate < 0) {
            fail("--rate must be >= 0 (0: as fast as the clients take them)");
        }
        try (DispatchServer server = new DispatchServer(InetAddress.getByName(bind), port, 16L << 20)) {
            System.err.printf(Locale.ROOT, "snoop dispatch: serving %s on %s:%d at %s (Ctrl-C to stop)%n",
                    files.isEmpty() ? "the synthetic detector" : files.size() + " file(s)", bind, server.port(),
                    rate > 0 ? rate + " events/s" : "full speed");
            Replay.Sender sender = new Sender(server, rate);
            if (files.isEmpty()) {
                SyntheticDetector d = new SyntheticDetector(DetectorSettings.defaults().withSeed(seed).withRate(rate > 0 ? rate : 1000));
                while (events == 0 || sender.events < events) {
                    sender.send(d.next());
                }
            } else {
                do {
                    for (Path f : files) {
                        try (ZdabFile z = ZdabFile.open(f, (at, why) -> System.err.println(
                                "snoop dispatch: " + f + "@" + at + ": " + why + "; skipped"))) {
                            Object r;
                            while ((r = z.next()) != null && (events == 0 || sender.events < events)) {
                                sender.send(r);
                            }
                        }
                    }
                } while (loop && (events == 0 || sender.events < events));
            }
            sender.report();
            System.err.println("snoop dispatch: all sent; still serving (Ctrl-C to stop)");
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    /** Encodes, paces and publishes records; reports every 10 s. */
    private static final class Sender {
        final DispatchServer server;
        final double nanosPerEvent;
        final long start = System.nanoTime();
        long events;
        long records;
        long nextReport = System.nanoTime() + 10_000_000_000L;
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);

        Sender(DispatchServer server, double rate) {
            this.server = server;
            this.nanosPerEvent = rate > 0 ? 1e9 / rate : 0;
        }

        void send(Object record) throws InterruptedException {
            if (record instanceof PmtEvent) {
                if (nanosPerEvent > 0) {
                    long due = start + (long) (events * nanosPerEvent);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
                events++;
            }
            int n;
            try {
                n = ZdabCodec.recordBytes(record);
            } catch (IllegalArgumentException notOurs) {
                return; // MAST and other banks are not dispatched
            }
            byte[] frame = new byte[Frames.HEADER_BYTES + n];
            long tag = record instanceof PmtEvent ? Frames.RAWDATA : Frames.RECHDR;
            ZdabCodec.encodeRecord(record, ByteBuffer.wrap(frame), Frames.HEADER_BYTES);
            Frames.header(frame, 0, tag, n);
            server.publish(tag, frame);
            records++;
            if (System.nanoTime() - nextReport > 0) {
                report();
                nextReport += 10_000_000_000L;
            }
        }

        void report() {
            double s = (System.nanoTime() - start) / 1e9;
            System.err.printf(Locale.ROOT, "snoop dispatch: %d records (%d events, %.0f/s), %d clients, %d frames "
                    + "dropped for slow clients%n", records, events, events / s, server.clientNames().size(),
                    server.dropped());
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            fail(option + " needs a value");
        }
        return args[i];
    }

    private static void usage() {
        System.err.println("""
                usage: snoop dispatch [--port P] [--rate HZ] [--loop] [--events N] [--seed S] [--bind ADDRESS] [FILE.zdab...]
                  serves ZDAB files (or, without files, the synthetic detector) as a SNO+ dispatcher:
                  PMT events as RAWDATA, run/trigger/pedestal headers as RECHDR, on TCP port P (5553),
                  HZ events per second (1000; 0: as fast as the clients take them)""");
    }

    private static void fail(String message) {
        System.err.println("snoop dispatch: " + message);
        System.exit(2);
    }
}

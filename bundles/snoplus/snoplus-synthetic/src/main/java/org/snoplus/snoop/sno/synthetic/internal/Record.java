package org.snoplus.snoop.sno.synthetic.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.snoplus.snoop.sno.PedestalSettings;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.sno.RunHeader;
import org.snoplus.snoop.sno.TriggerSettings;
import org.snoplus.snoop.sno.synthetic.DetectorSettings;
import org.snoplus.snoop.sno.synthetic.SyntheticDetector;
import org.snoplus.snoop.sno.synthetic.TriggerMix;
import org.snoplus.snoop.sno.zdab.ZdabWriter;

/**
 * Records the synthetic detector into a ZDAB file: realistic test files of any size, readable by
 * snoop's ZDAB reader and the public decoders.
 *
 * <pre>record [--events N] [--seed S] [--run R] [--mix SPEC] OUT.zdab[.gz]</pre>
 */
public final class Record {

    private Record() {
    }

    public static void main(String[] args) throws IOException {
        long events = 100_000;
        DetectorSettings settings = DetectorSettings.defaults();
        Path out = null;
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--events" -> events = Long.parseLong(args[++i]);
                    case "--seed" -> settings = settings.withSeed(Long.parseLong(args[++i]));
                    case "--run" -> settings = settings.withRun(Integer.parseInt(args[++i]));
                    case "--mix" -> settings = settings.withMix(TriggerMix.parse(args[++i]));
                    default -> {
                        if (args[i].startsWith("--") || out != null) {
                            throw new IllegalArgumentException("unexpected argument '" + args[i] + "'");
                        }
                        out = Path.of(args[i]);
                    }
                }
            }
            if (out == null) {
                throw new IllegalArgumentException("no output file");
            }
            if (events < 1) {
                throw new IllegalArgumentException("--events must be positive, not " + events);
            }
        } catch (RuntimeException e) {
            System.err.println("record: " + e.getMessage());
            System.err.println("usage: record [--events N] [--seed S] [--run R] [--mix SPEC] OUT.zdab[.gz]");
            System.exit(2);
            return;
        }
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        SyntheticDetector detector = new SyntheticDetector(settings);
        long written = 0;
        long hits = 0;
        try (ZdabWriter w = new ZdabWriter(out)) {
            while (written < events) {
                Object o = detector.next();
                if (o instanceof PmtEvent e) {
                    w.write(e);
                    written++;
                    hits += e.nhit();
                } else if (o instanceof RunHeader h) {
                    w.write(h);
                } else if (o instanceof TriggerSettings t) {
                    w.write(t);
                } else if (o instanceof PedestalSettings p) {
                    w.write(p);
                }
            }
            System.err.printf("record: %d events (%d hits) of run %d, seed %d, into %s (%d bytes)%n", written, hits,
                    settings.run(), settings.seed(), out, w.bytesWritten());
        }
    }
}

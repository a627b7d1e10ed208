package org.snoplus.snoop.sno.zdab.internal;

import java.io.BufferedWriter;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.snoplus.snoop.sno.PedestalSettings;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.sno.RunHeader;
import org.snoplus.snoop.sno.TriggerBits;
import org.snoplus.snoop.sno.TriggerSettings;
import org.snoplus.snoop.sno.zdab.ZdabBank;
import org.snoplus.snoop.sno.zdab.ZdabFile;

/**
 * {@code dump [--hits] FILE...}: prints every record of ZDAB files as one JSON line, in file order;
 * damaged records go to standard error with their file and byte offset. Exit status 0, or 1 if a
 * record was damaged, or 2 if a file could not be read at all (or the arguments were wrong).
 *
 * <p>Needs only the sno-model and sno-zdab jars:
 * {@code java -cp sno-model.jar:sno-zdab.jar org.snoplus.snoop.sno.zdab.internal.Dump --hits run.zdab}
 */
public final class Dump {

    static final int OK = 0;
    static final int DAMAGED = 1;
    static final int UNREADABLE = 2;

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean hits;
    private final StringBuilder line = new StringBuilder(256);

    Dump(PrintWriter out, PrintWriter err, boolean hits) {
        this.out = out;
        this.err = err;
        this.hits = hits;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8),
                1 << 16));
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int status = run(args, out, err);
        out.flush();
        System.exit(status);
    }

    /** Runs the command: what {@link #main} does, without exiting. */
    static int run(String[] args, Writer stdout, Writer stderr) {
        PrintWriter out = stdout instanceof PrintWriter p ? p : new PrintWriter(stdout);
        PrintWriter err = stderr instanceof PrintWriter p ? p : new PrintWriter(stderr, true);
        boolean hits = false;
        List<Path> files = new ArrayList<>();
        for (String a : args) {
            if (a.equals("--hits")) {
                hits = true;
            } else if (a.startsWith("-") && a.length() > 1) {
                err.println("dump: unknown option " + a);
                err.println("usage: dump [--hits] FILE...");
                return UNREADABLE;
            } else {
                files.add(Path.of(a));
            }
        }
        if (files.isEmpty()) {
            err.println("usage: dump [--hits] FILE...");
            return UNREADABLE;
        }
        Dump dump = new Dump(out, err, hits);
        int status = OK;
        for (Path f : files) {
            status = Math.max(status, dump.file(f));
        }
        out.flush();
        err.flush();
        return status;
    }

    /** Dumps one file; returns its exit status. */
    int file(Path f) {
        String name = f.toString();
        if (Files.isDirectory(f)) {
            err.println("dump: cannot read " + name + ": it is a directory");
            return UNREADABLE;
        }
        int[] damaged = {0};
        try (ZdabFile zdab = ZdabFile.open(f, (offset, why) -> {
            out.flush(); // keep the two streams in file order on a terminal
            err.println(name + "@" + offset + ": " + why);
            damaged[0]++;
        })) {
            Object record;
            while ((record = zdab.next()) != null) {
                line.setLength(0);
                append(record, name, zdab.offset());
                out.append(line).append('\n');
            }
        } catch (NoSuchFileException | FileNotFoundException e) {
            err.println("dump: cannot read " + name + ": no such file");
            return UNREADABLE;
        } catch (AccessDeniedException e) {
            err.println("dump: cannot read " + name + ": permission denied");
            return UNREADABLE;
        } catch (IOException e) {
            err.println("dump: cannot read " + name + ": " + e.getMessage());
            return UNREADABLE;
        }
        return damaged[0] > 0 ? DAMAGED : OK;
    }

    private void append(Object record, String file, long offset) {
        StringBuilder b = line;
        if (record instanceof PmtEvent e) {
            start("PMT", file, offset);
            b.append(",\"run\":").append(Integer.toUnsignedString(e.run()));
            b.append(",\"subrun\":").append(e.subrun());
            b.append(",\"event\":").append(Integer.toUnsignedString(e.eventNumber()));
            b.append(",\"gtid\":").append(e.gtid());
            b.append(",\"trigger\":").append(e.triggerWord());
            names(",\"triggers\":", e.triggerWord());
            b.append(",\"errors\":").append(e.triggerErrors());
            b.append(",\"clock10\":").append(e.clock10());
            b.append(",\"clock50\":").append(e.clock50());
            b.append(",\"esum\":{\"peak\":").append(e.esumPeak()).append(",\"diff\":").append(e.esumDiff())
                    .append(",\"int\":").append(e.esumInt()).append('}');
            b.append(",\"nhit\":").append(e.nhit());
            b.append(",\"pmtHits\":").append(e.pmtHits());
            b.append(",\"orphan\":").append(e.isOrphan());
            if (hits) {
                int n = e.nhit();
                b.append(",\"hits\":{\"lcn\":[");
                for (int i = 0; i < n; i++) {
                    comma(i).append(e.lcn()[i]);
                }
                b.append("],\"cell\":[");
                for (int i = 0; i < n; i++) {
                    comma(i).append(e.cell()[i]);
                }
                shorts("qhs", e.qhs(), n);
                shorts("qhl", e.qhl(), n);
                shorts("qlx", e.qlx(), n);
                shorts("tac", e.tac(), n);
                b.append("],\"flags\":[");
                for (int i = 0; i < n; i++) {
                    comma(i).append(e.flags()[i]);
                }
                b.append("]}");
            }
        } else if (record instanceof RunHeader h) {
            start("RHDR", file, offset);
            b.append(",\"run\":").append(Integer.toUnsignedString(h.run()));
            b.append(",\"date\":").append(Integer.toUnsignedString(h.date()));
            b.append(",\"time\":").append(Integer.toUnsignedString(h.time()));
            b.append(",\"daqVersion\":").append(Integer.toUnsignedString(h.daqVersion()));
            b.append(",\"calibrationTrial\":").append(Integer.toUnsignedString(h.calibrationTrial()));
            b.append(",\"sourceMask\":").append(h.sourceMask());
            b.append(",\"runMask\":").append(h.runMask());
            b.append(",\"crateMask\":").append(h.crateMask());
            b.append(",\"firstGtid\":").append(Integer.toUnsignedString(h.firstGtid()));
            b.append(",\"validGtid\":").append(Integer.toUnsignedString(h.validGtid()));
        } else if (record instanceof TriggerSettings t) {
            start("TRIG", file, offset);
            b.append(",\"gtid\":").append(Integer.toUnsignedString(t.gtid()));
            b.append(",\"triggerMask\":").append(Integer.toUnsignedString(t.triggerMask()));
            names(",\"triggers\":", t.triggerMask());
            ints(",\"thresholds\":", t.thresholds());
            ints(",\"zeros\":", t.zeros());
            b.append(",\"pulserRate\":").append(Integer.toUnsignedString(t.pulserRate()));
            b.append(",\"controlRegister\":").append(Integer.toUnsignedString(t.controlRegister()));
            b.append(",\"lockoutWidth\":").append(Integer.toUnsignedString(t.lockoutWidth()));
            b.append(",\"prescale\":").append(Integer.toUnsignedString(t.prescale()));
        } else if (record instanceof PedestalSettings p) {
            start("EPED", file, offset);
            b.append(",\"gtid\":").append(Integer.toUnsignedString(p.gtid()));
            b.append(",\"pedestalWidth\":").append(Integer.toUnsignedString(p.pedestalWidth()));
            b.append(",\"coarseDelay\":").append(Integer.toUnsignedString(p.coarseDelay()));
            b.append(",\"fineDelay\":").append(Integer.toUnsignedString(p.fineDelay()));
            b.append(",\"chargeDac\":").append(Integer.toUnsignedString(p.chargeDac()));
            b.append(",\"halfCrate\":").append(Integer.toUnsignedString(p.halfCrate()));
            b.append(",\"calibrationType\":").append(Integer.toUnsignedString(p.calibrationType()));
            b.append(",\"flag\":").append(Integer.toUnsignedString(p.flag()));
        } else if (record instanceof ZdabBank z) {
            start(z.name(), file, offset);
            b.append(",\"words\":").append(z.size());
        }
        b.append('}');
    }

    private void start(String type, String file, long offset) {
        line.append("{\"type\":");
        string(type);
        line.append(",\"file\":");
        string(file);
        line.append(",\"offset\":").append(offset);
    }

    private void names(String key, int word) {
        line.append(key).append('[');
        int n = 0;
        for (int bit = 0; bit < TriggerBits.COUNT; bit++) {
            if ((word & 1 << bit) != 0) {
                if (n++ > 0) {
                    line.append(',');
                }
                line.append('"').append(TriggerBits.name(bit)).append('"');
            }
        }
        line.append(']');
    }

    private void ints(String key, int[] values) {
        line.append(key).append('[');
        for (int i = 0; i < values.length; i++) {
            comma(i).append(Integer.toUnsignedString(values[i]));
        }
        line.append(']');
    }

    private void shorts(String key, short[] values, int n) {
        line.append("],\"").append(key).append("\":[");
        for (int i = 0; i < n; i++) {
            comma(i).append(values[i]);
        }
    }

    private StringBuilder comma(int i) {
        return i > 0 ? line.append(',') : line;
    }

    /** A JSON string: quotes, backslashes and control characters escaped. */
    private void string(String s) {
        line.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                line.append('\\').append(c);
            } else if (c < 0x20) {
                line.append(String.format("\\u%04x", (int) c));
            } else {
                line.append(c);
            }
        }
        line.append('"');
    }
}

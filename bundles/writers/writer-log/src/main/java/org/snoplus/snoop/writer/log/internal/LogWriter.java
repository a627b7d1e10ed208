package org.snoplus.snoop.writer.log.internal;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.writer.Writer;

/**
 * Prints documents to standard output: the writer to watch a demo or a test run with. It needs its
 * configuration ({@code conf/snoop.writer.log.cfg}, which may be empty) so that a production
 * instance stays quiet unless asked.
 *
 * <p>Standard output of a long run goes to a file (a daemon's, a terminal's scroll-back), so it is
 * bounded: at most one line per processor every {@code every.s} seconds of sample time (one a
 * minute by default: a dozen processors make some 4 MB a day), each of {@link Format#DATA_CHARS}
 * characters of data at most, and a line says how many documents of its processor went unprinted
 * since the one before ({@code +29}).
 */
@Component(name = "snoop.writer.log", service = Writer.class, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = Writer.NAME + "=log")
@Designate(ocd = LogWriterConfig.class)
public class LogWriter implements Writer {

    private static final Logger LOG = LoggerFactory.getLogger(LogWriter.class);

    private final PrintStream out;
    private volatile Format format = Format.SUMMARY;
    private volatile long everyMs = 60_000;
    private final AtomicLong printed = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    /** Per processor: the sample time of its last line, and its documents not printed since. Writer thread only. */
    private final Map<String, long[]> last = new HashMap<>();

    public LogWriter() {
        // the print writer: the one component whose job is standard output
        this(System.out);
    }

    LogWriter(PrintStream out) {
        this.out = out;
    }

    @Activate
    void activate(LogWriterConfig config) {
        try {
            format = Format.parse(config.format());
            everyMs = every(config);
        } catch (IllegalArgumentException e) {
            LOG.error("snoop.writer.log: {}", e.getMessage());
            throw e;
        }
    }

    private static long every(LogWriterConfig config) {
        long s = config.every_s();
        if (s < 0 || s > 86_400) {
            throw new IllegalArgumentException("bad configuration: every.s must be between 0 (every document) and "
                    + "86400, not " + s);
        }
        return s * 1000;
    }

    /** Only the format changes, so there is no need to make a new writer and lose its queue. */
    @Modified
    void modified(LogWriterConfig config) {
        try {
            Format f = Format.parse(config.format());
            long ms = every(config);
            if (f != format) {
                LOG.info("snoop.writer.log: format is now {}", f.label());
                format = f;
            }
            everyMs = ms;
        } catch (IllegalArgumentException e) {
            LOG.error("snoop.writer.log: {}; keeping format {}, every.s {}", e.getMessage(), format.label(),
                    everyMs / 1000);
        }
    }

    @Override
    public void write(List<SampleDocument> batch) throws Exception {
        Format f = format;
        long every = everyMs;
        StringBuilder b = new StringBuilder(batch.size() * 200);
        int lines = 0;
        for (SampleDocument d : batch) {
            long[] seen = last.computeIfAbsent(d.name(), k -> new long[] {Long.MIN_VALUE, 0});
            if (every > 0 && seen[0] != Long.MIN_VALUE && d.time() >= seen[0] && d.time() - seen[0] < every) {
                seen[1]++;
                skipped.incrementAndGet();
                continue;
            }
            try {
                f.append(d, b);
            } catch (IllegalArgumentException e) {
                // failing the batch would only have it offered again, and fail again, for ever
                LOG.error("snoop.writer.log: {}; printed as a summary", e.getMessage());
                Format.SUMMARY.append(d, b);
            }
            if (seen[1] > 0 && f == Format.SUMMARY) {
                b.append(" +").append(seen[1]);
            }
            b.append(System.lineSeparator());
            seen[0] = d.time();
            seen[1] = 0;
            lines++;
        }
        if (lines == 0) {
            return;
        }
        // one print per batch: lines of a batch stay together among other threads' output
        out.print(b);
        out.flush();
        printed.addAndGet(lines);
    }

    @Override
    public void flush() {
        out.flush();
    }

    @Override
    public String describe() {
        long every = everyMs;
        return "log " + format.label() + " to standard output (" + printed.get() + " documents"
                + (every > 0 ? ", " + skipped.get() + " not printed: one line per processor every " + every / 1000 + " s"
                        : "")
                + ")";
    }
}

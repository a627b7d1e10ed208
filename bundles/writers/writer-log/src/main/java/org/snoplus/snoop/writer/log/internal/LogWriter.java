package org.snoplus.snoop.writer.log.internal;

import java.io.PrintStream;
import java.util.List;
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
 * Prints every document to standard output: the writer to watch a demo or a test run with. It
 * needs its configuration ({@code conf/snoop.writer.log.cfg}, which may be empty) so that a
 * production instance stays quiet unless asked.
 */
@Component(name = "snoop.writer.log", service = Writer.class, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = Writer.NAME + "=log")
@Designate(ocd = LogWriterConfig.class)
public class LogWriter implements Writer {

    private static final Logger LOG = LoggerFactory.getLogger(LogWriter.class);

    private final PrintStream out;
    private volatile Format format = Format.SUMMARY;
    private final AtomicLong printed = new AtomicLong();

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
        } catch (IllegalArgumentException e) {
            LOG.error("snoop.writer.log: {}", e.getMessage());
            throw e;
        }
    }

    /** Only the format changes, so there is no need to make a new writer and lose its queue. */
    @Modified
    void modified(LogWriterConfig config) {
        try {
            Format f = Format.parse(config.format());
            if (f != format) {
                LOG.info("snoop.writer.log: format is now {}", f.label());
                format = f;
            }
        } catch (IllegalArgumentException e) {
            LOG.error("snoop.writer.log: {}; keeping format {}", e.getMessage(), format.label());
        }
    }

    @Override
    public void write(List<SampleDocument> batch) throws Exception {
        Format f = format;
        StringBuilder b = new StringBuilder(batch.size() * 200);
        for (SampleDocument d : batch) {
            try {
                f.append(d, b);
            } catch (IllegalArgumentException e) {
                // failing the batch would only have it offered again, and fail again, for ever
                LOG.error("snoop.writer.log: {}; printed as a summary", e.getMessage());
                Format.SUMMARY.append(d, b);
            }
            b.append(System.lineSeparator());
        }
        // one print per batch: lines of a batch stay together among other threads' output
        out.print(b);
        out.flush();
        printed.addAndGet(batch.size());
    }

    @Override
    public void flush() {
        out.flush();
    }

    @Override
    public String describe() {
        return "log " + format.label() + " to standard output (" + printed.get() + " documents)";
    }
}

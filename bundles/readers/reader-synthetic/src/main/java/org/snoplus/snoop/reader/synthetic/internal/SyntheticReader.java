package org.snoplus.snoop.reader.synthetic.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snoplus.snoop.reader.EventSink;
import org.snoplus.snoop.reader.Reader;
import org.snoplus.snoop.reader.support.Pacer;
import org.snoplus.snoop.reader.support.ReaderConfig;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.sno.RunHeader;
import org.snoplus.snoop.sno.synthetic.SyntheticDetector;

/**
 * Publishes the events of a {@link SyntheticDetector}: header records and {@link PmtEvent}s, in
 * batches, each batch when the simulated time of its last event has come.
 *
 * <p>The detector lives as long as the component: a {@code read} called again after a failure
 * goes on where the last one stopped, starting with the batch that could not be published. There
 * is no {@code @Modified}: another configuration is another detector, best served by a new
 * instance.
 *
 * <p>Its position is the number of records published from a detector of given settings and start
 * time; a restart makes the same detector again and skips that many records (generating them:
 * about a million a second), so that it goes on with exactly the record after the last one
 * counted.
 */
@Component(name = SyntheticReader.PID, service = Reader.class, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = SyntheticReaderConfig.class, factory = true)
public class SyntheticReader implements Reader {

    static final String PID = "snoop.reader.synthetic";

    private static final Logger LOG = LoggerFactory.getLogger(SyntheticReader.class);

    private volatile SyntheticReaderSettings settings;
    private volatile boolean deactivated;
    private SyntheticDetector detector;

    // The batch being filled or waiting to be published; what read() was doing when it stopped.
    private Object[] batch;
    private int size;
    private int batchEvents;
    /** A run header that ended the batch before it: it starts the next one. */
    private Object carry;
    /** The run the sink has been told about (or is told about before the batch goes). */
    private int run;
    private int subrun;
    private boolean announceRun;
    private long generated;
    /** Records taken from the detector, and published (one taken may wait in {@link #carry}). */
    private long taken;
    private long records;
    private boolean started;

    // for describe(), read on another thread
    private volatile long published;
    private volatile int shownRun;
    private volatile int shownSubrun;

    public SyntheticReader() {
    }

    SyntheticReader(SyntheticReaderSettings settings) {
        start(settings);
    }

    @Activate
    void activate(SyntheticReaderConfig config, Map<String, Object> properties) {
        SyntheticReaderSettings s = ReaderConfig.activate(properties,
                () -> SyntheticReaderSettings.from(config, System.currentTimeMillis()), LOG);
        start(s);
        LOG.info("{}: simulating run {}{}, seed {}, mix {}{}", properties.get("service.pid"), s.detector().run(),
                ReaderConfig.pace(s.rate()), s.detector().seed(), s.detector().mix(),
                s.events() > 0 ? ", " + s.events() + " events" : "");
    }

    private void start(SyntheticReaderSettings s) {
        detector = new SyntheticDetector(s.detector());
        run = detector.run();
        shownRun = run;
        batch = new Object[Pacer.batchSize(s.rate(), s.batch())];
        settings = s;
    }

    @Deactivate
    void deactivate() {
        // the core closes the sink when the service goes away; this covers a reader still running
        // for any other reason
        deactivated = true;
    }

    private boolean going(EventSink sink) {
        return sink.isOpen() && !deactivated && !Thread.currentThread().isInterrupted();
    }

    @Override
    public void read(EventSink sink) throws Exception {
        SyntheticReaderSettings s = settings;
        if (!started) {
            started = true;
            resume(sink.resumeFrom(), s);
        }
        long limit = s.events();
        Pacer pacer = new Pacer(s.rate());
        if (!going(sink)) {
            return;
        }
        sink.startRun(run);
        while (true) {
            if (size == 0 && !fill(limit)) {
                return;
            }
            if (!pacer.awaitElapsed(detector.elapsedNanos(), () -> going(sink))) {
                return;
            }
            if (announceRun) {
                sink.startRun(run);
                announceRun = false;
            }
            long done = taken - (carry != null ? 1 : 0);
            // if this throws, the batch stays for the next read
            sink.publish(batch, 0, size, position(s, done));
            records = done;
            published += batchEvents;
            shownRun = run;
            shownSubrun = subrun;
            size = 0;
            batchEvents = 0;
            if (!going(sink)) {
                return;
            }
        }
    }

    /**
     * Fills the batch; a header of another run ends it, so that the sink hears of the run between
     * the batches of the two runs.
     *
     * @return false if there is nothing more to publish
     */
    private boolean fill(long limit) {
        while (size < batch.length) {
            Object o;
            if (carry != null) {
                o = carry;
                carry = null;
            } else if (limit == 0 || generated < limit) {
                o = detector.next();
                taken++;
            } else {
                break;
            }
            if (o instanceof RunHeader h) {
                if (h.run() != run) {
                    if (size > 0) {
                        carry = o;
                        break;
                    }
                    run = h.run();
                    announceRun = true;
                }
                subrun = h.daqVersion(); // where SNO+ keeps the subrun
            }
            batch[size++] = o;
            if (o instanceof PmtEvent) {
                generated++;
                batchEvents++;
            }
        }
        return size > 0;
    }

    /** Where the detector stands: its settings (but the start time), the start time, the records published. */
    private Map<String, Object> position(SyntheticReaderSettings s, long done) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("detector", s.detector().withStartMillis(0).toString());
        m.put("start", detector.settings().startMillis());
        m.put("records", done);
        return m;
    }

    /** Makes the detector of a saved position again and skips what was published before. */
    private void resume(Object saved, SyntheticReaderSettings s) {
        if (!(saved instanceof Map<?, ?> m)) {
            return;
        }
        if (!s.detector().withStartMillis(0).toString().equals(m.get("detector"))
                || !(m.get("start") instanceof Number start) || !(m.get("records") instanceof Number n)) {
            LOG.warn("synthetic reader: the position saved at the last stop is for another detector: starting afresh");
            return;
        }
        long t0 = System.nanoTime();
        detector = new SyntheticDetector(s.detector().withStartMillis(start.longValue()));
        run = detector.run();
        for (long i = 0; i < n.longValue(); i++) {
            Object o = detector.next();
            if (o instanceof RunHeader h) {
                run = h.run();
                subrun = h.daqVersion();
            } else if (o instanceof PmtEvent) {
                generated++;
            }
        }
        taken = n.longValue();
        records = taken;
        published = generated;
        shownRun = run;
        shownSubrun = subrun;
        LOG.info("synthetic reader: resuming run {} after {} records (regenerated in {} ms)", run, taken,
                (System.nanoTime() - t0) / 1_000_000);
    }

    @Override
    public String describe() {
        SyntheticReaderSettings s = settings;
        if (s == null) {
            return "synthetic (not configured)";
        }
        StringBuilder b = new StringBuilder("synthetic run ").append(shownRun).append(" subrun ").append(shownSubrun)
                .append(", ").append(published);
        if (s.events() > 0) {
            b.append(" of ").append(s.events());
        }
        b.append(" events");
        b.append(ReaderConfig.pace(s.rate()));
        return b.toString();
    }
}

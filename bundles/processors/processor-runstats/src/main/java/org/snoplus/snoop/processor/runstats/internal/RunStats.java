package org.snoplus.snoop.processor.runstats.internal;

import static org.snoplus.snoop.processor.support.ConfigValues.check;
import static org.snoplus.snoop.processor.support.ConfigValues.items;
import static org.snoplus.snoop.processor.support.StateValues.count;
import static org.snoplus.snoop.processor.support.StateValues.integer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.snoplus.snoop.document.Shapes;
import org.snoplus.snoop.processor.Processor;
import org.snoplus.snoop.sno.Channels;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.sno.RunHeader;
import org.snoplus.snoop.sno.TriggerBits;
import org.snoplus.snoop.stats.Precision;
import org.snoplus.snoop.processor.support.LastGoodConfig;

/**
 * Run statistics. Receives every record: {@link PmtEvent}s, {@link RunHeader}s, and counts the others
 * as dispatched. Each sample is ({@code null} where unknown or undefined)
 * <pre>{"run", "subrun", "run_type": names of the run mask's bits joined with ", ", "run_mask",
 *  "last_gtid": of the last triggered event,
 *  "events": PMT events analysed in the window (orphans included),
 *  "seconds_clock10", "seconds_wall": the window's length on the 10 MHz clock and on the wall clock,
 *  "rate_clock10": triggered events per s of 10 MHz clock, "rate_wall": events per s of wall time,
 *  "orphans", "orphan_nhit": the orphans' NHIT as moments (count, mean, rms),
 *  "owl": triggered events with OWLN, OWLEL or OWLEH,
 *  "neck": triggered events with a hit on a neck.channels channel (null when none are configured),
 *  "neck_channels": how many are configured,
 *  "records": records of any kind that arrived in the window, "dispatch_rate": records per s of wall time,
 *  and the run's totals since it was first seen, which a restart keeps (they are in the checkpointed
 *  state): "events_run", "orphans_run", "owl_run", "neck_run", "orphan_nhit_mean_run",
 *  "duration_clock10": s of 10 MHz clock over the run's triggered events, "duration_wall": s since the run was
 *  first seen}</pre>
 * The run's totals are the window's counts added up at each sample (the counts of a window that
 * started in the previous run count from the run's first event), not counters kept twice per
 * event; they equal the query service's aggregate of the run's windows, except after a crash,
 * whose windows between the last checkpoint and the crash are counted again after the restart in
 * the stored windows but not here.
 *
 * <p><b>Orphans</b> (GTID 0 and trigger word 0: hits without a trigger, clocks 0) are counted as
 * events and as orphans, and have no other part: no GTID, no time, not OWL or neck events. NHIT
 * counts PMT hits ({@link PmtEvent#pmtHits()}: the FEC/D card left out).
 *
 * <p><b>Time.</b> The 10 MHz clock is followed from triggered event to triggered event, summing the
 * forward steps (wrapping at 2<sup>53</sup>; a step backwards counts nothing); "rate_clock10" is the
 * number of such steps in the window over their total, so it is the trigger rate whatever the window
 * length. The wall clock is read in {@code sample()} only (and once when a run starts): "rate_wall"
 * and "dispatch_rate" are the rates at which events and records reached this processor.
 *
 * <p><b>Runs.</b> A run header or an event of another run number (other than -1, unknown) starts a
 * new run: its totals start again, its type is unknown until its header, and the clock is followed
 * afresh. A run header of the same run (a subrun) updates the subrun and run type only.
 */
@Component(name = "runstats", service = Processor.class, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = RunStatsConfig.class)
public class RunStats implements Processor<Object> {

    static final long CLOCK10_MASK = (1L << 53) - 1;
    /** A step of the 10 MHz clock of half its range or more is a step backwards. */
    static final long CLOCK10_BACKWARDS = 1L << 52;
    static final double SECONDS_PER_TICK = 1e-7;
    static final int OWL_BITS = TriggerBits.OWLN | TriggerBits.OWLEL | TriggerBits.OWLEH;

    // the counts, by index, of the window and of the run
    static final int EVENTS = 0;
    static final int ORPHANS = 1;
    static final int OWL = 2;
    static final int NECK = 3;
    /** 10 MHz ticks, and steps between triggered events. */
    static final int TICKS = 4;
    static final int STEPS = 5;
    /** The orphans' NHIT summed, and its squares: their moments, exactly. */
    static final int ORPHAN_HITS = 6;
    static final int ORPHAN_HITS_SQUARED = 7;
    static final String[] COUNTS = {"events", "orphans", "owl", "neck", "ticks", "steps", "orphan.hits",
        "orphan.hits.squared"};

    private final LongSupplier nanoTime;
    private final LongSupplier currentTimeMillis;

    // configuration
    private final boolean[] neck = new boolean[Channels.COUNT];
    /** The neck channels in ascending order, to tell a successor what its neck counts mean. */
    private List<Object> neckChannels = List.of();
    private int neckCount;

    // the run: -1 where unknown
    private int run = -1;
    private int subrun = -1;
    private long runMask = -1;
    private int lastGtid = -1;
    private long runStartMillis = -1;

    /** The window's counts. */
    private final long[] window = new long[COUNTS.length];
    /** The window's counts when the run started, if it started in this window: not the run's. */
    private final long[] beforeRun = new long[COUNTS.length];
    /** The run's counts up to the last sample. */
    private final long[] runTotals = new long[COUNTS.length];
    private long records;
    private boolean haveClock;
    private long lastClock;
    /** Start of the window, {@link System#nanoTime()}. */
    private long windowStart;

    public RunStats() {
        this(System::nanoTime, System::currentTimeMillis);
    }

    /** With clocks of the test's choosing. */
    RunStats(LongSupplier nanoTime, LongSupplier currentTimeMillis) {
        this.nanoTime = nanoTime;
        this.currentTimeMillis = currentTimeMillis;
    }

    @Activate
    void activate(RunStatsConfig config, Map<String, Object> properties) {
        // a bad value in its conf/ file leaves the processor running with the values it had
        LastGoodConfig.apply(config, properties, this::configure);
    }

    /** Checks and applies every value; throws on a bad one (the previous configuration is then applied again). */
    void configure(RunStatsConfig config) {
        List<Object> channels = new ArrayList<>();
        for (String item : items(config.neck_channels())) {
            int lcn = channel(item);
            check(!Channels.isFecd(lcn), "neck.channels", "\"" + item + "\" is on the FEC/D card (crate "
                    + Channels.FECD_CRATE + ", card " + Channels.FECD_CARD + "), not a PMT");
            check(!neck[lcn], "neck.channels", "names channel " + lcn + " twice");
            neck[lcn] = true;
        }
        for (int lcn = 0; lcn < Channels.COUNT; lcn++) {
            if (neck[lcn]) {
                channels.add((long) lcn);
            }
        }
        neckChannels = List.copyOf(channels);
        neckCount = channels.size();
        windowStart = nanoTime.getAsLong();
    }

    @Override
    public Class<Object> eventType() {
        return Object.class;
    }

    @Override
    public void event(Object record) {
        if (record instanceof PmtEvent ev) {
            pmtEvent(ev);
        } else if (record instanceof RunHeader header) {
            runHeader(header);
        }
        records++;
    }

    private void pmtEvent(PmtEvent ev) {
        int r = ev.run();
        if (r != run && r != -1) {
            startRun(r);
        }
        subrun = ev.subrun();
        final long[] w = window;
        w[EVENTS]++;
        if (ev.isOrphan()) {
            long nhit = ev.pmtHits();
            w[ORPHANS]++;
            w[ORPHAN_HITS] += nhit;
            w[ORPHAN_HITS_SQUARED] += nhit * nhit;
            return;
        }
        lastGtid = ev.gtid();
        long clock = ev.clock10() & CLOCK10_MASK;
        if (haveClock) {
            long step = (clock - lastClock) & CLOCK10_MASK;
            if (step < CLOCK10_BACKWARDS) {
                w[TICKS] += step;
                w[STEPS]++;
            }
        }
        haveClock = true;
        lastClock = clock;
        if ((ev.triggerWord() & OWL_BITS) != 0) {
            w[OWL]++;
        }
        if (neckCount > 0 && hitsNeck(ev)) {
            w[NECK]++;
        }
    }

    private boolean hitsNeck(PmtEvent ev) {
        int[] lcn = ev.lcn();
        for (int i = 0, n = ev.nhit(); i < n; i++) {
            int c = lcn[i];
            if (c >= 0 && c < Channels.COUNT && neck[c]) {
                return true;
            }
        }
        return false;
    }

    private void runHeader(RunHeader header) {
        if (header.run() != run && header.run() != -1) {
            startRun(header.run());
        }
        subrun = header.daqVersion();
        runMask = header.runMask();
    }

    private void startRun(int number) {
        run = number;
        subrun = -1;
        runMask = -1;
        lastGtid = -1;
        runStartMillis = currentTimeMillis.getAsLong();
        Arrays.fill(runTotals, 0);
        System.arraycopy(window, 0, beforeRun, 0, window.length);
        haveClock = false;
    }

    @Override
    public Map<String, Object> sample() {
        long now = nanoTime.getAsLong();
        final long[] w = window;
        for (int i = 0; i < w.length; i++) {
            runTotals[i] += w[i] - beforeRun[i];
        }
        Arrays.fill(beforeRun, 0);
        double wall = Math.max(0, now - windowStart) / 1e9;
        double clock = w[TICKS] * SECONDS_PER_TICK;
        boolean neckKnown = neckCount > 0;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run", run != -1 ? run : null);
        m.put("subrun", subrun != -1 ? subrun : null);
        m.put("run_type", runMask != -1 ? String.join(", ", RunTypes.names(runMask)) : null);
        m.put("run_mask", runMask != -1 ? runMask : null);
        m.put("last_gtid", lastGtid != -1 ? lastGtid : null);
        m.put("events", w[EVENTS]);
        m.put("seconds_clock10", Precision.round(clock, 9));
        m.put("seconds_wall", Precision.round(wall));
        // a window of no length has no rate; NaN and Infinity are not JSON
        m.put("rate_clock10", w[TICKS] > 0 ? Precision.round(w[STEPS] / clock) : null);
        m.put("rate_wall", wall > 0 ? Precision.round(w[EVENTS] / wall) : null);
        m.put("orphans", w[ORPHANS]);
        m.put("orphan_nhit", orphanMoments(w));
        m.put("owl", w[OWL]);
        m.put("neck", neckKnown ? w[NECK] : null);
        m.put("neck_channels", neckCount);
        m.put("records", records);
        m.put("dispatch_rate", wall > 0 ? Precision.round(records / wall) : null);
        long[] r = runTotals;
        m.put("events_run", r[EVENTS]);
        m.put("orphans_run", r[ORPHANS]);
        m.put("owl_run", r[OWL]);
        m.put("neck_run", neckKnown ? r[NECK] : null);
        m.put("orphan_nhit_mean_run", r[ORPHANS] > 0 ? Precision.round((double) r[ORPHAN_HITS] / r[ORPHANS]) : null);
        m.put("duration_clock10", Precision.round(r[TICKS] * SECONDS_PER_TICK, 9));
        m.put("duration_wall", runStartMillis != -1
                ? Precision.round(Math.max(0, currentTimeMillis.getAsLong() - runStartMillis) / 1e3) : null);
        windowStart = now;
        Arrays.fill(w, 0);
        records = 0;
        return m;
    }

    /** The orphans' NHIT as moments, from their sums. */
    private static Map<String, Object> orphanMoments(long[] c) {
        long n = c[ORPHANS];
        if (n == 0) {
            return Shapes.moments(0, 0, 0);
        }
        double mean = (double) c[ORPHAN_HITS] / n;
        double rms = Math.sqrt(Math.max(0, (double) c[ORPHAN_HITS_SQUARED] / n - mean * mean));
        return Shapes.moments(n, Precision.round(mean), Precision.round(rms));
    }

    /**
     * Everything, with the wall-clock instants as epoch milliseconds (nanoTime values mean nothing to
     * another instance), the last clock value so that the successor's first step is measured from it,
     * and the neck channels the neck counts were made with.
     */
    @Override
    public Object handoff() {
        long nowMillis = currentTimeMillis.getAsLong();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("run", run);
        s.put("subrun", subrun);
        s.put("run_mask", runMask);
        s.put("last_gtid", lastGtid);
        s.put("run_start_ms", runStartMillis);
        s.put("window_start_ms", nowMillis - (nanoTime.getAsLong() - windowStart) / 1_000_000);
        s.put("window", counts(window));
        s.put("before_run", counts(beforeRun));
        s.put("run_totals", counts(runTotals));
        s.put("neck_channels", neckChannels);
        s.put("records", records);
        s.put("last_clock10", haveClock ? lastClock : null);
        return s;
    }

    private static Map<String, Object> counts(long[] c) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < COUNTS.length; i++) {
            m.put(COUNTS[i], c[i]);
        }
        return m;
    }

    private void restore(Object state, long[] into, boolean sameNeck) {
        Arrays.fill(into, 0);
        if (state instanceof Map<?, ?> m) {
            for (int i = 0; i < COUNTS.length; i++) {
                into[i] = count(m.get(COUNTS[i]));
            }
            if (!sameNeck) {
                into[NECK] = 0; // counts made with other channels would mean something else
            }
        }
    }

    @Override
    public void takeover(Object state) {
        // replace, never add: this instance may have counted before (a rollback makes it live again)
        startRun(-1);
        runStartMillis = -1;
        Arrays.fill(window, 0);
        Arrays.fill(beforeRun, 0);
        records = 0;
        if (!(state instanceof Map<?, ?> m)) {
            return;
        }
        run = integer(m.get("run"), -1, -1);
        subrun = integer(m.get("subrun"), -1, -1);
        runMask = m.get("run_mask") instanceof Number n && n.longValue() >= 0 ? n.longValue() : -1;
        lastGtid = integer(m.get("last_gtid"), -1, -1);
        runStartMillis = m.get("run_start_ms") instanceof Number n && n.longValue() >= 0 ? n.longValue() : -1;
        if (m.get("window_start_ms") instanceof Number start) {
            long elapsedMs = currentTimeMillis.getAsLong() - start.longValue();
            if (elapsedMs >= 0) { // else the wall clock was set back: the window starts now
                windowStart = nanoTime.getAsLong() - elapsedMs * 1_000_000;
            }
        }
        boolean sameNeck = neckChannels.equals(m.get("neck_channels"));
        restore(m.get("window"), window, sameNeck);
        restore(m.get("before_run"), beforeRun, sameNeck);
        restore(m.get("run_totals"), runTotals, sameNeck);
        records = count(m.get("records"));
        if (m.get("last_clock10") instanceof Number c) {
            haveClock = true;
            lastClock = c.longValue() & CLOCK10_MASK;
        }
    }

    /** A channel as a logical channel number or crate/card/channel. */
    private static int channel(String item) {
        String bad = "\"" + item + "\" is not a channel: a number 0.." + (Channels.COUNT - 1)
                + " or crate/card/channel (0..18/0..15/0..31)";
        String[] parts = item.split("/", -1);
        int[] v = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad configuration: neck.channels " + bad, e);
            }
        }
        if (parts.length == 1) {
            check(Channels.isValid(v[0]), "neck.channels", bad);
            return v[0];
        }
        check(parts.length == 3 && v[0] >= 0 && v[0] < Channels.CRATES && v[1] >= 0 && v[1] < Channels.CARDS
                && v[2] >= 0 && v[2] < Channels.CHANNELS_PER_CARD, "neck.channels", bad);
        return Channels.lcn(v[0], v[1], v[2]);
    }
}

package org.snoplus.snoop.processor.runstats.internal;

import static org.snoplus.snoop.processor.support.ConfigValues.check;
import static org.snoplus.snoop.processor.support.ConfigValues.items;
import static org.snoplus.snoop.processor.support.StateValues.count;
import static org.snoplus.snoop.processor.support.StateValues.integer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.snoplus.snoop.processor.Processor;
import org.snoplus.snoop.sno.Channels;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.sno.RunHeader;
import org.snoplus.snoop.sno.TriggerBits;
import org.snoplus.snoop.stats.Moments;
import org.snoplus.snoop.stats.Precision;

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
 *  "records": records of any kind that arrived in the window, "dispatch_rate": records per s of wall time}</pre>
 * A run's totals are its windows' summed: the query service's aggregation over the run gives its
 * events, orphans, OWL and neck events, its length on the 10 MHz clock (the sum of
 * {@code seconds_clock10}) and on the wall clock, and the orphans' NHIT merged.
 *
 * <p><b>Orphans</b> (GTID 0 and trigger word 0: hits without a trigger, clocks 0) are counted as
 * events and as orphans, and have no other part: no GTID, no time, not OWL or neck events. NHIT
 * counts PMT hits ({@link PmtEvent#pmtHits()}: the FEC/D card left out).
 *
 * <p><b>Time.</b> The 10 MHz clock is followed from triggered event to triggered event, summing the
 * forward steps (wrapping at 2<sup>53</sup>; a step backwards counts nothing); "rate_clock10" is the
 * number of such steps in the window over their total, so it is the trigger rate whatever the window
 * length. The wall clock is read in {@code sample()} only: "rate_wall" and "dispatch_rate" are the
 * rates at which events and records reached this processor.
 *
 * <p><b>Runs.</b> A run header or an event of another run number (other than -1, unknown) starts a
 * new run: its type is unknown until its header, and the clock is followed afresh. A run header of
 * the same run (a subrun) updates the subrun and run type only.
 */
@Component(name = "runstats", service = Processor.class, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = RunStatsConfig.class)
public class RunStats implements Processor<Object> {

    static final long CLOCK10_MASK = (1L << 53) - 1;
    /** A step of the 10 MHz clock of half its range or more is a step backwards. */
    static final long CLOCK10_BACKWARDS = 1L << 52;
    static final double SECONDS_PER_TICK = 1e-7;
    static final int OWL_BITS = TriggerBits.OWLN | TriggerBits.OWLEL | TriggerBits.OWLEH;

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

    // the window
    private long events;
    private long orphans;
    private final Moments orphanNhit = new Moments();
    private long owl;
    private long neckEvents;
    private long records;
    /** 10 MHz ticks, and steps between triggered events, in the window. */
    private long ticks;
    private long steps;
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
    void activate(RunStatsConfig config) {
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
        events++;
        if (ev.isOrphan()) {
            orphans++;
            orphanNhit.add(ev.pmtHits());
            return;
        }
        lastGtid = ev.gtid();
        long clock = ev.clock10() & CLOCK10_MASK;
        if (haveClock) {
            long step = (clock - lastClock) & CLOCK10_MASK;
            if (step < CLOCK10_BACKWARDS) {
                ticks += step;
                steps++;
            }
        }
        haveClock = true;
        lastClock = clock;
        if ((ev.triggerWord() & OWL_BITS) != 0) {
            owl++;
        }
        if (neckCount > 0 && hitsNeck(ev)) {
            neckEvents++;
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
        haveClock = false;
    }

    @Override
    public Map<String, Object> sample() {
        long now = nanoTime.getAsLong();
        double wall = Math.max(0, now - windowStart) / 1e9;
        double clock = ticks * SECONDS_PER_TICK;
        boolean neckKnown = neckCount > 0;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run", run != -1 ? run : null);
        m.put("subrun", subrun != -1 ? subrun : null);
        m.put("run_type", runMask != -1 ? String.join(", ", RunTypes.names(runMask)) : null);
        m.put("run_mask", runMask != -1 ? runMask : null);
        m.put("last_gtid", lastGtid != -1 ? lastGtid : null);
        m.put("events", events);
        m.put("seconds_clock10", Precision.round(clock, 9));
        m.put("seconds_wall", Precision.round(wall));
        // a window of no length has no rate; NaN and Infinity are not JSON
        m.put("rate_clock10", ticks > 0 ? Precision.round(steps / clock) : null);
        m.put("rate_wall", wall > 0 ? Precision.round(events / wall) : null);
        m.put("orphans", orphans);
        m.put("orphan_nhit", orphanNhit.toShape());
        m.put("owl", owl);
        m.put("neck", neckKnown ? neckEvents : null);
        m.put("neck_channels", neckCount);
        m.put("records", records);
        m.put("dispatch_rate", wall > 0 ? Precision.round(records / wall) : null);
        windowStart = now;
        events = 0;
        orphans = 0;
        orphanNhit.reset();
        owl = 0;
        neckEvents = 0;
        records = 0;
        ticks = 0;
        steps = 0;
        return m;
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
        s.put("window_start_ms", nowMillis - (nanoTime.getAsLong() - windowStart) / 1_000_000);
        s.put("events", events);
        s.put("orphans", orphans);
        s.put("orphan_nhit", orphanNhit.toState());
        s.put("owl", owl);
        s.put("neck", neckEvents);
        s.put("neck_channels", neckChannels);
        s.put("records", records);
        s.put("ticks", ticks);
        s.put("steps", steps);
        s.put("last_clock10", haveClock ? lastClock : null);
        return s;
    }

    @Override
    public void takeover(Object state) {
        // replace, never add: this instance may have counted before (a rollback makes it live again)
        startRun(-1);
        events = 0;
        orphans = 0;
        orphanNhit.reset();
        owl = 0;
        neckEvents = 0;
        records = 0;
        ticks = 0;
        steps = 0;
        if (!(state instanceof Map<?, ?> m)) {
            return;
        }
        run = integer(m.get("run"), -1, -1);
        subrun = integer(m.get("subrun"), -1, -1);
        runMask = m.get("run_mask") instanceof Number n && n.longValue() >= 0 ? n.longValue() : -1;
        lastGtid = integer(m.get("last_gtid"), -1, -1);
        if (m.get("window_start_ms") instanceof Number start) {
            long elapsedMs = currentTimeMillis.getAsLong() - start.longValue();
            if (elapsedMs >= 0) { // else the wall clock was set back: the window starts now
                windowStart = nanoTime.getAsLong() - elapsedMs * 1_000_000;
            }
        }
        events = count(m.get("events"));
        orphans = count(m.get("orphans"));
        orphanNhit.restore(m.get("orphan_nhit"));
        owl = count(m.get("owl"));
        // neck counts made with other channels would mean something else
        if (neckChannels.equals(m.get("neck_channels"))) {
            neckEvents = count(m.get("neck"));
        }
        records = count(m.get("records"));
        ticks = count(m.get("ticks"));
        steps = count(m.get("steps"));
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

package org.snoplus.snoop.processor.triggers.internal;

import static org.snoplus.snoop.processor.support.ConfigValues.check;
import static org.snoplus.snoop.processor.support.ConfigValues.items;
import static org.snoplus.snoop.processor.support.StateValues.count;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.snoplus.snoop.document.Shapes;
import org.snoplus.snoop.processor.Processor;
import org.snoplus.snoop.processor.support.StateValues;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.sno.TriggerBits;
import org.snoplus.snoop.stats.Moments;
import org.snoplus.snoop.stats.Precision;
import org.snoplus.snoop.processor.support.LastGoodConfig;

/**
 * Every trigger bit, over the sample window. Each sample is
 * <pre>{"events": triggered events (orphans excluded), "orphans": orphans, "seconds": 10 MHz clock time,
 *  "bits": {"100L": {"count": events with the bit, "nhit": their NHIT as moments}, ... the 27 bits in bit order},
 *  "ratio_100M_PULGT": count ratio or null, ...}</pre>
 * A bit's rate is {@code count / seconds} (Hz) and its fraction {@code count / events}: the
 * document keeps the counts, which the query service sums over a range or a run, and the page
 * divides. NHIT counts the PMT hits only ({@link PmtEvent#pmtHits()}: the FEC/D channels of crate
 * 17 card 15 are left out, as minard does); the moments are {@link Shapes#moments} (count, mean,
 * RMS; null mean and RMS without events). A ratio that is undefined (no events of its
 * denominator) is {@code null}.
 *
 * <p><b>Time</b> is the 10 MHz clock of the events: the sum of its forward steps from one triggered
 * event to the next (wrapping at 2<sup>53</sup>); a step backwards counts nothing. A window's time
 * runs from the last triggered event before it to its own last one, so in the first window of a run
 * the rate counts one event more than there are intervals between events. Orphans have no clock.
 *
 * <p><b>Runs.</b> An event of another run (other than -1, unknown) starts the clock afresh: the
 * step between two runs is not time of either.
 */
@Component(name = "triggers", service = Processor.class, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = TriggersConfig.class)
public class TriggerCounts implements Processor<PmtEvent> {

    static final long CLOCK10_MASK = (1L << 53) - 1;
    /** A step of the 10 MHz clock of half its range or more is a step backwards. */
    static final long CLOCK10_BACKWARDS = 1L << 52;
    static final double SECONDS_PER_TICK = 1e-7;

    private static final int BITS = TriggerBits.COUNT;

    // configuration
    private int[] ratioNumerators = new int[0];
    private int[] ratioDenominators = new int[0];
    private String[] ratioKeys = new String[0];

    // the window: NHIT moments per bit (their count is the bit's count)
    private final Moments[] bits = newMoments();
    private long events;
    private long orphans;
    private long ticks;

    private int run = -1;
    private boolean haveClock;
    private long lastClock;

    @Activate
    void activate(TriggersConfig config, Map<String, Object> properties) {
        // a bad value in its conf/ file leaves the processor running with the values it had
        LastGoodConfig.apply(config, properties, this::configure);
    }

    /** Checks and applies every value; throws on a bad one (the previous configuration is then applied again). */
    void configure(TriggersConfig config) {
        List<String> items = items(config.ratios());
        int n = items.size();
        ratioNumerators = new int[n];
        ratioDenominators = new int[n];
        ratioKeys = new String[n];
        for (int i = 0; i < n; i++) {
            String ratio = items.get(i);
            int slash = ratio.indexOf('/');
            check(slash > 0 && slash == ratio.lastIndexOf('/') && slash < ratio.length() - 1, "ratios",
                    "\"" + ratio + "\" is not NUMERATOR/DENOMINATOR, e.g. 100M/PULGT");
            int num = bit(ratio.substring(0, slash).trim());
            int den = bit(ratio.substring(slash + 1).trim());
            String key = "ratio_" + TriggerBits.name(num) + "_" + TriggerBits.name(den);
            for (int j = 0; j < i; j++) {
                check(!ratioKeys[j].equals(key), "ratios", "names " + ratio + " twice");
            }
            ratioNumerators[i] = num;
            ratioDenominators[i] = den;
            ratioKeys[i] = key;
        }
    }

    @Override
    public Class<PmtEvent> eventType() {
        return PmtEvent.class;
    }

    @Override
    public void event(PmtEvent ev) {
        int r = ev.run();
        if (r != run && r != -1) {
            startRun(r);
        }
        if (ev.isOrphan()) {
            orphans++;
            return;
        }
        events++;
        long clock = ev.clock10() & CLOCK10_MASK;
        if (haveClock) {
            long step = (clock - lastClock) & CLOCK10_MASK;
            if (step < CLOCK10_BACKWARDS) {
                ticks += step;
            }
        }
        haveClock = true;
        lastClock = clock;
        int word = ev.triggerWord() & TriggerBits.MASK;
        if (word != 0) {
            int nhit = ev.pmtHits();
            do {
                bits[Integer.numberOfTrailingZeros(word)].add(nhit);
                word &= word - 1;
            } while (word != 0);
        }
    }

    private void startRun(int number) {
        run = number;
        haveClock = false;
    }

    @Override
    public Map<String, Object> sample() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("events", events);
        m.put("orphans", orphans);
        m.put("seconds", Precision.round(ticks * SECONDS_PER_TICK, 9));
        Map<String, Object> perBit = new LinkedHashMap<>();
        for (int b = 0; b < BITS; b++) {
            Map<String, Object> bit = new LinkedHashMap<>();
            bit.put("count", bits[b].count());
            bit.put("nhit", bits[b].toShape());
            perBit.put(TriggerBits.name(b), bit);
        }
        m.put("bits", perBit);
        for (int i = 0; i < ratioKeys.length; i++) {
            long den = bits[ratioDenominators[i]].count();
            m.put(ratioKeys[i], den > 0 ? Precision.round((double) bits[ratioNumerators[i]].count() / den) : null);
        }
        for (Moments b : bits) {
            b.reset();
        }
        events = 0;
        orphans = 0;
        ticks = 0;
        return m;
    }

    /**
     * The run, the window so far and the last clock value, so that the successor's first step is
     * measured from it. Per bit by name: a successor reads what it knows.
     */
    @Override
    public Object handoff() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("run", run);
        state.put("events", events);
        state.put("orphans", orphans);
        state.put("ticks", ticks);
        state.put("last_clock10", haveClock ? lastClock : null);
        Map<String, Object> perBit = new LinkedHashMap<>();
        for (int b = 0; b < BITS; b++) {
            perBit.put(TriggerBits.name(b), Map.of("window", bits[b].toState()));
        }
        state.put("bits", perBit);
        return state;
    }

    @Override
    public void takeover(Object state) {
        // replace, never add: this instance may have counted before (a rollback makes it live again)
        startRun(-1);
        for (Moments b : bits) {
            b.reset();
        }
        events = 0;
        orphans = 0;
        ticks = 0;
        if (!(state instanceof Map<?, ?> m)) {
            return;
        }
        run = StateValues.integer(m.get("run"), -1, -1);
        events = count(m.get("events"));
        orphans = count(m.get("orphans"));
        ticks = count(m.get("ticks"));
        if (m.get("last_clock10") instanceof Number c) {
            haveClock = true;
            lastClock = c.longValue() & CLOCK10_MASK;
        }
        if (m.get("bits") instanceof Map<?, ?> perBit) {
            for (int b = 0; b < BITS; b++) {
                if (perBit.get(TriggerBits.name(b)) instanceof Map<?, ?> s) {
                    bits[b].restore(s.get("window"));
                }
            }
        }
    }

    private static Moments[] newMoments() {
        Moments[] m = new Moments[BITS];
        for (int i = 0; i < BITS; i++) {
            m[i] = new Moments();
        }
        return m;
    }

    private static int bit(String name) {
        int b = TriggerBits.bit(name);
        check(b >= 0, "ratios", "\"" + name + "\" is not a trigger bit (" + TriggerBits.names(TriggerBits.MASK) + ")");
        return b;
    }
}

package org.snoplus.snoop.processor.occupancy.internal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.snoplus.snoop.processor.Processor;
import org.snoplus.snoop.sno.SnoShapes;
import org.snoplus.snoop.sno.Channels;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.sno.TriggerBits;

/**
 * Channel occupancy: for every channel, the fraction of counted events in which it was hit
 * (hits/events), over two horizons: the sample window, and the run (since the first event of the
 * current run number; a new run number starts it again).
 *
 * <p><b>Which events count.</b> Only events whose trigger word has at least one bit of the
 * configured {@code triggers} (default: every bit but PED and PULGT) and none of {@code veto}
 * (default: PED and PULGT, so that a pedestal or pulser event that also fired an NHIT trigger
 * stays out) count, and all their hits with them. Orphans (trigger word 0) never count. Events
 * that do not count still tell the run number.
 *
 * <p>Each sample is
 * <pre>{"selection": {"triggers": "100L,100M,...", "veto": "PULGT,PED"},
 *  "thresholds": {"low": 0.0005, "high": 0.05, "min.events": 1000},
 *  "window": HORIZON,
 *  "run": HORIZON plus "number": the run number (-1 unknown)}</pre>
 * where a HORIZON is
 * <pre>{"events": counted events, "hits": their hits on PMT channels,
 *  "channels": {"shape": "channels", "values": [occupancy of each of the 9728 channels, by LCN]},
 *  "cards": {"shape": "cards", "values": [mean occupancy of the 32 channels of each card, 16·crate + card]},
 *  "crates": {"shape": "crates", "values": [mean occupancy of the PMT channels of each crate]},
 *  "judged": events >= min.events,
 *  "zero": PMT channels never hit, "low": PMT channels hit but below low.threshold,
 *  "high": PMT channels above high.threshold}</pre>
 * The three counts are {@code null} when the horizon has fewer than {@code min.events} events.
 * The FEC/D channels (crate 17, card 15) record trigger signals, not light: they have their
 * values in {@code channels} and their card in {@code cards}, but are left out of {@code hits},
 * of crate 17's value (the mean of its 480 PMT channels) and of the zero/low/high counts (over
 * the 9696 PMT channels). With no events every occupancy is 0.
 *
 * <p><b>Cost.</b> {@link #event} adds one to two {@code long} counters per hit and allocates
 * nothing; the arrays of the document are made in {@link #sample}.
 *
 * <p><b>Handoff.</b> The run number, both horizons' event and hit counts, and the trigger
 * selection. A successor with another selection ({@code triggers} or {@code veto}) starts both
 * horizons afresh, since occupancies of two kinds of events cannot be mixed; a change of the
 * thresholds or of {@code min.events} keeps everything (the counts are judged at each sample).
 */
@Component(name = "occupancy", service = Processor.class, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = OccupancyConfig.class)
public class ChannelOccupancy implements Processor<PmtEvent> {

    static final int CARDS = Channels.CRATES * Channels.CARDS;
    /** PMT channels, the FEC/D card left out. */
    static final int PMT_CHANNELS = Channels.COUNT - Channels.CHANNELS_PER_CARD;

    private int triggers;
    private int veto;
    private double lowThreshold;
    private double highThreshold;
    private long minEvents;

    /** Run number of the run horizon, -1 when unknown. */
    private int run = -1;
    private long windowEvents;
    private final long[] windowHits = new long[Channels.COUNT];
    private long runEvents;
    private final long[] runHits = new long[Channels.COUNT];

    @Activate
    void activate(OccupancyConfig config) {
        int t = TriggerBits.mask("triggers", config.triggers());
        check(t != 0, "triggers", "must name at least one trigger bit");
        int v = TriggerBits.mask("veto", config.veto());
        check((t & ~v) != 0, "triggers",
                "are all vetoed (veto " + TriggerBits.names(v) + "): no event would count");
        double low = config.low_threshold();
        double high = config.high_threshold();
        check(Double.isFinite(low) && low >= 0 && low < 1, "low.threshold", "must be in [0, 1), not " + low);
        check(Double.isFinite(high) && high > 0 && high <= 1, "high.threshold", "must be in (0, 1], not " + high);
        check(low < high, "low.threshold", "must be below high.threshold (" + high + "), not " + low);
        check(config.min_events() >= 1, "min.events", "must be at least 1, not " + config.min_events());
        triggers = t;
        veto = v;
        lowThreshold = low;
        highThreshold = high;
        minEvents = config.min_events();
    }

    @Override
    public Class<PmtEvent> eventType() {
        return PmtEvent.class;
    }

    @Override
    public void event(PmtEvent ev) {
        int r = ev.run();
        if (r != run && r >= 0) {
            newRun(r);
        }
        int word = ev.triggerWord();
        if ((word & triggers) == 0 || (word & veto) != 0) {
            return;
        }
        windowEvents++;
        runEvents++;
        final int[] lcn = ev.lcn();
        final long[] w = windowHits;
        final long[] rh = runHits;
        for (int i = 0, n = ev.nhit(); i < n; i++) {
            int c = lcn[i];
            w[c]++;
            rh[c]++;
        }
    }

    private void newRun(int r) {
        run = r;
        runEvents = 0;
        Arrays.fill(runHits, 0);
    }

    @Override
    public Map<String, Object> sample() {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> selection = new LinkedHashMap<>();
        selection.put("triggers", TriggerBits.names(triggers));
        selection.put("veto", TriggerBits.names(veto));
        m.put("selection", selection);
        Map<String, Object> thresholds = new LinkedHashMap<>();
        thresholds.put("low", lowThreshold);
        thresholds.put("high", highThreshold);
        thresholds.put("min.events", minEvents);
        m.put("thresholds", thresholds);
        m.put("window", horizon(windowEvents, windowHits));
        Map<String, Object> r = horizon(runEvents, runHits);
        r.put("number", run);
        m.put("run", r);
        windowEvents = 0;
        Arrays.fill(windowHits, 0);
        return m;
    }

    private Map<String, Object> horizon(long events, long[] hits) {
        double[] channels = new double[Channels.COUNT];
        long[] cardHits = new long[CARDS];
        long[] crateHits = new long[Channels.CRATES];
        long pmtHits = 0;
        long zero = 0;
        long low = 0;
        long high = 0;
        for (int lcn = 0; lcn < Channels.COUNT; lcn++) {
            long h = hits[lcn];
            double occupancy = events == 0 ? 0 : (double) h / events;
            channels[lcn] = occupancy;
            cardHits[Channels.cardIndex(lcn)] += h;
            if (Channels.isFecd(lcn)) {
                continue;
            }
            crateHits[Channels.crate(lcn)] += h;
            pmtHits += h;
            if (h == 0) {
                zero++;
            } else if (occupancy < lowThreshold) {
                low++;
            }
            if (occupancy > highThreshold) {
                high++;
            }
        }
        double[] cards = new double[CARDS];
        double[] crates = new double[Channels.CRATES];
        if (events > 0) {
            for (int c = 0; c < CARDS; c++) {
                cards[c] = (double) cardHits[c] / ((double) Channels.CHANNELS_PER_CARD * events);
            }
            for (int k = 0; k < Channels.CRATES; k++) {
                crates[k] = (double) crateHits[k] / ((double) pmtChannelsOfCrate(k) * events);
            }
        }
        boolean judged = events >= minEvents;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("events", events);
        m.put("hits", pmtHits);
        m.put("channels", SnoShapes.channels(channels));
        m.put("cards", SnoShapes.cards(cards));
        m.put("crates", SnoShapes.crates(crates));
        m.put("judged", judged);
        m.put("zero", judged ? (Object) zero : null);
        m.put("low", judged ? (Object) low : null);
        m.put("high", judged ? (Object) high : null);
        return m;
    }

    /** PMT channels of a crate: 512, and 480 in the crate of the FEC/D card. */
    static int pmtChannelsOfCrate(int crate) {
        int all = Channels.CARDS * Channels.CHANNELS_PER_CARD;
        return crate == Channels.FECD_CRATE ? all - Channels.CHANNELS_PER_CARD : all;
    }

    /** The run number, the trigger selection, and both horizons' counts (the window's not yet sampled). */
    @Override
    public Object handoff() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("run.number", run);
        state.put("triggers", triggers);
        state.put("veto", veto);
        state.put("window", counts(windowEvents, windowHits));
        state.put("run", counts(runEvents, runHits));
        return state;
    }

    private static Map<String, Object> counts(long events, long[] hits) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("events", events);
        m.put("hits", hits.clone());
        return m;
    }

    @Override
    public void takeover(Object state) {
        // replace, never add: this instance may have run before (a rollback makes it live again)
        run = -1;
        windowEvents = 0;
        Arrays.fill(windowHits, 0);
        runEvents = 0;
        Arrays.fill(runHits, 0);
        if (!(state instanceof Map<?, ?> m)) {
            return;
        }
        if (m.get("run.number") instanceof Number n) {
            run = n.intValue();
        }
        // counts made under another selection do not mix with ours: keep the run number only
        if (m.get("triggers") instanceof Number t && t.intValue() != triggers
                || m.get("veto") instanceof Number v && v.intValue() != veto) {
            return;
        }
        windowEvents = restore(m.get("window"), windowHits);
        runEvents = restore(m.get("run"), runHits);
    }

    /** Fills {@code hits} from a horizon's state and returns its events; 0 and empty if the state is not one. */
    private static long restore(Object state, long[] hits) {
        if (!(state instanceof Map<?, ?> m) || !(m.get("events") instanceof Number e) || e.longValue() < 0
                || !longs(m.get("hits"), hits)) {
            Arrays.fill(hits, 0);
            return 0;
        }
        return e.longValue();
    }

    /**
     * Copies a list of numbers (what the framework hands over) or a {@code long[]} into {@code into},
     * if it has exactly its length and no negative value; false otherwise.
     */
    static boolean longs(Object v, long[] into) {
        if (v instanceof long[] a && a.length == into.length) {
            System.arraycopy(a, 0, into, 0, a.length);
        } else if (v instanceof List<?> l && l.size() == into.length) {
            for (int i = 0; i < into.length; i++) {
                if (!(l.get(i) instanceof Number n)) {
                    return false;
                }
                into[i] = n.longValue();
            }
        } else {
            return false;
        }
        for (long x : into) {
            if (x < 0) {
                return false;
            }
        }
        return true;
    }

    private static void check(boolean ok, String key, String reason) {
        if (!ok) {
            throw new IllegalArgumentException("bad configuration: " + key + " " + reason);
        }
    }
}

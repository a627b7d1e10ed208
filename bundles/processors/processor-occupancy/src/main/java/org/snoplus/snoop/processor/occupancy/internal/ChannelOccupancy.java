package org.snoplus.snoop.processor.occupancy.internal;

import static org.snoplus.snoop.processor.support.ConfigValues.check;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.snoplus.snoop.processor.Processor;
import org.snoplus.snoop.processor.support.StateValues;
import org.snoplus.snoop.sno.SnoShapes;
import org.snoplus.snoop.sno.Channels;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.sno.TriggerBits;
import org.snoplus.snoop.processor.support.LastGoodConfig;

/**
 * Channel occupancy: for every channel, how many counted events hit it in the sample window, and
 * how many events counted. The document carries counts only: the occupancy of a channel (hits per
 * event) is {@code channels[lcn] / events}, over a window or — the counts summed by the query
 * service's aggregation — over an hour or a run.
 *
 * <p><b>Which events count.</b> Only events whose trigger word has at least one bit of the
 * configured {@code triggers} (default: every bit but PED and PULGT) and none of {@code veto}
 * (default: PED and PULGT, so that a pedestal or pulser event that also fired an NHIT trigger
 * stays out) count, and all their hits with them. Orphans (trigger word 0) never count.
 *
 * <p>Each sample is
 * <pre>{"selection": {"triggers": "100L,100M,...", "veto": "PULGT,PED"},
 *  "thresholds": {"low": 0.0005, "high": 0.05, "min.events": 1000},
 *  "events": counted events,
 *  "hits": their hits on PMT channels,
 *  "channels": {"shape": "channels", "values": [hits of each of the 9728 channels, by LCN]},
 *  "cards": {"shape": "cards", "values": [hits of the 32 channels of each card, 16·crate + card]},
 *  "crates": {"shape": "crates", "values": [hits of the PMT channels of each crate]},
 *  "judged": events >= min.events,
 *  "zero": PMT channels never hit, "low": PMT channels hit but with an occupancy below low.threshold,
 *  "high": PMT channels with an occupancy above high.threshold}</pre>
 * all counts whole numbers. The three judgements are {@code null} when the window has fewer than
 * {@code min.events} events. The FEC/D channels (crate 17, card 15) record trigger signals, not
 * light: they have their counts in {@code channels} and their card in {@code cards}, but are left
 * out of {@code hits}, of crate 17's count and of the zero/low/high judgements (over the 9696 PMT
 * channels). Occupancies: a channel's is {@code channels[lcn] / events}, a card's
 * {@code cards[i] / (32·events)}, a crate's {@code crates[k] / (512·events)} (480 for crate 17,
 * whose FEC/D card is left out).
 *
 * <p><b>Cost.</b> {@link #event} adds one to a {@code long} counter per hit and allocates
 * nothing; the arrays of the document are made in {@link #sample}.
 *
 * <p><b>Handoff.</b> The window's counts and the trigger selection. A successor with another
 * selection ({@code triggers} or {@code veto}) starts the window afresh, since counts of two kinds
 * of events cannot be mixed; a change of the thresholds or of {@code min.events} keeps it (the
 * counts are judged at each sample).
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

    private long windowEvents;
    private final long[] windowHits = new long[Channels.COUNT];

    @Activate
    void activate(OccupancyConfig config, Map<String, Object> properties) {
        // a bad value in its conf/ file leaves the processor running with the values it had
        LastGoodConfig.apply(config, properties, this::configure);
    }

    /** Checks and applies every value; throws on a bad one (the previous configuration is then applied again). */
    void configure(OccupancyConfig config) {
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
        int word = ev.triggerWord();
        if ((word & triggers) == 0 || (word & veto) != 0) {
            return;
        }
        windowEvents++;
        final int[] lcn = ev.lcn();
        final long[] w = windowHits;
        for (int i = 0, n = ev.nhit(); i < n; i++) {
            w[lcn[i]]++;
        }
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
        counts(m, windowEvents, windowHits);
        windowEvents = 0;
        Arrays.fill(windowHits, 0);
        return m;
    }

    private void counts(Map<String, Object> m, long events, long[] hits) {
        long[] cards = new long[CARDS];
        long[] crates = new long[Channels.CRATES];
        long pmtHits = 0;
        long zero = 0;
        long low = 0;
        long high = 0;
        // thresholds as hit counts: no division per channel
        double lowHits = lowThreshold * events;
        double highHits = highThreshold * events;
        for (int lcn = 0; lcn < Channels.COUNT; lcn++) {
            long h = hits[lcn];
            cards[Channels.cardIndex(lcn)] += h;
            if (Channels.isFecd(lcn)) {
                continue;
            }
            crates[Channels.crate(lcn)] += h;
            pmtHits += h;
            if (h == 0) {
                zero++;
            } else if (h < lowHits) {
                low++;
            }
            if (events > 0 && h > highHits) {
                high++;
            }
        }
        boolean judged = events >= minEvents;
        m.put("events", events);
        m.put("hits", pmtHits);
        m.put("channels", SnoShapes.channels(hits.clone()));
        m.put("cards", SnoShapes.cards(cards));
        m.put("crates", SnoShapes.crates(crates));
        m.put("judged", judged);
        m.put("zero", judged ? (Object) zero : null);
        m.put("low", judged ? (Object) low : null);
        m.put("high", judged ? (Object) high : null);
    }

    /** PMT channels of a crate: 512, and 480 in the crate of the FEC/D card. */
    static int pmtChannelsOfCrate(int crate) {
        int all = Channels.CARDS * Channels.CHANNELS_PER_CARD;
        return crate == Channels.FECD_CRATE ? all - Channels.CHANNELS_PER_CARD : all;
    }

    /** The trigger selection and the window's counts, not yet sampled. */
    @Override
    public Object handoff() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("triggers", triggers);
        state.put("veto", veto);
        Map<String, Object> window = new LinkedHashMap<>();
        window.put("events", windowEvents);
        window.put("hits", windowHits.clone());
        state.put("window", window);
        return state;
    }

    @Override
    public void takeover(Object state) {
        // replace, never add: this instance may have run before (a rollback makes it live again)
        windowEvents = 0;
        Arrays.fill(windowHits, 0);
        if (!(state instanceof Map<?, ?> m)) {
            return;
        }
        // counts made under another selection do not mix with ours
        if (m.get("triggers") instanceof Number t && t.intValue() != triggers
                || m.get("veto") instanceof Number v && v.intValue() != veto) {
            return;
        }
        if (m.get("window") instanceof Map<?, ?> w && StateValues.counts(w.get("hits"), windowHits)) {
            windowEvents = StateValues.count(w.get("events"));
        }
    }
}

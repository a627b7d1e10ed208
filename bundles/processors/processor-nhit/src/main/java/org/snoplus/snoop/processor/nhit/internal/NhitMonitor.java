package org.snoplus.snoop.processor.nhit.internal;

import static org.snoplus.snoop.processor.support.ConfigValues.check;
import static org.snoplus.snoop.processor.support.ConfigValues.items;
import static org.snoplus.snoop.processor.support.StateValues.count;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.snoplus.snoop.document.Shapes;
import org.snoplus.snoop.processor.Processor;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.sno.TriggerBits;
import org.snoplus.snoop.processor.support.LastGoodConfig;

/**
 * NHIT as minard counts it: the hits on PMT channels, those of the FEC/D card (crate 17, card 15,
 * which records trigger signals) left out ({@link PmtEvent#pmtHits()}). Orphans (GTID 0 and trigger
 * word 0: hits without a trigger) are counted but not in the NHIT values. Each sample (the window's
 * events) is
 * <pre>{"threshold": nhit.threshold, "orphans": orphans,
 *  "events": events, "nhit": their NHIT as {@link Shapes#moments} (count, mean, rms),
 *  "below", "above": events with NHIT &lt; threshold and &ge; threshold, "hist": a {@link Shapes#histogram},
 *  "per_trigger": {"100L": {"events", "nhit", "below", "above", "hist"}, ...} for the bits of per.trigger}</pre>
 * all of which merge exactly over a range or a run (the query service's aggregation: the
 * histograms and counts summed, the moments merged).
 *
 * <p><b>Reconfiguration</b> keeps the values: a histogram whose binning changed starts empty, the
 * counts below and above start again when the threshold changed, a bit added to per.trigger starts
 * empty; everything else goes on.
 */
@Component(name = "nhit", service = Processor.class, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = NhitConfig.class)
public class NhitMonitor implements Processor<PmtEvent> {

    static final int MAX_NHIT = 10_000;
    static final int MAX_BINS = 10_000;

    private int threshold;
    private NhitStats all;
    /** The bits of per.trigger, in the configured order, and the stats of each. */
    private int[] perBits;
    private NhitStats[] perTrigger;
    /** Bits of per.trigger, as a trigger word mask. */
    private int perMask;
    /** For each trigger bit its index in perBits, or -1. */
    private final int[] slot = new int[TriggerBits.COUNT];

    private long orphans;

    @Activate
    void activate(NhitConfig config, Map<String, Object> properties) {
        // a bad value in its conf/ file leaves the processor running with the values it had
        LastGoodConfig.apply(config, properties, this::configure);
    }

    /** Checks and applies every value; throws on a bad one (the previous configuration is then applied again). */
    void configure(NhitConfig config) {
        threshold = config.nhit_threshold();
        check(threshold >= 1 && threshold <= MAX_NHIT, "nhit.threshold",
                "must be between 1 and " + MAX_NHIT + ", not " + threshold);
        int bins = config.hist_bins();
        check(bins >= 1 && bins <= MAX_BINS, "hist.bins", "must be between 1 and " + MAX_BINS + ", not " + bins);
        int max = config.hist_max();
        check(max >= 1 && max <= MAX_NHIT, "hist.max", "must be between 1 and " + MAX_NHIT + ", not " + max);
        check(max % bins == 0, "hist.max", max + " must be a multiple of hist.bins (" + bins
                + ") so that every bin holds as many NHIT values");
        Arrays.fill(slot, -1);
        List<String> names = items(config.per_trigger());
        perBits = new int[names.size()];
        perMask = 0;
        for (int i = 0; i < perBits.length; i++) {
            String name = names.get(i);
            int b = TriggerBits.bit(name);
            check(b >= 0, "per.trigger", "\"" + name + "\" is not a trigger bit (" + TriggerBits.names(TriggerBits.MASK)
                    + ")");
            check(slot[b] < 0, "per.trigger", "names " + TriggerBits.name(b) + " twice");
            perBits[i] = b;
            slot[b] = i;
            perMask |= 1 << b;
        }
        all = new NhitStats(bins, max);
        perTrigger = new NhitStats[perBits.length];
        for (int i = 0; i < perBits.length; i++) {
            perTrigger[i] = new NhitStats(bins, max);
        }
    }

    @Override
    public Class<PmtEvent> eventType() {
        return PmtEvent.class;
    }

    @Override
    public void event(PmtEvent ev) {
        if (ev.isOrphan()) {
            orphans++;
            return;
        }
        int nhit = ev.pmtHits();
        all.fill(nhit, threshold);
        int word = ev.triggerWord() & perMask;
        while (word != 0) {
            perTrigger[slot[Integer.numberOfTrailingZeros(word)]].fill(nhit, threshold);
            word &= word - 1;
        }
    }

    @Override
    public Map<String, Object> sample() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("threshold", threshold);
        m.put("orphans", orphans);
        m.putAll(all.toDocument());
        m.put("per_trigger", perTrigger(perTrigger));
        orphans = 0;
        all.reset();
        for (NhitStats s : perTrigger) {
            s.reset();
        }
        return m;
    }

    private Map<String, Object> perTrigger(NhitStats[] stats) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < perBits.length; i++) {
            m.put(TriggerBits.name(perBits[i]), stats[i].toDocument());
        }
        return m;
    }

    /** The threshold the counts were made with, and the window so far, per trigger bit by name. */
    @Override
    public Object handoff() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("threshold", threshold);
        state.put("orphans", orphans);
        state.put("window", all.toState());
        Map<String, Object> per = new LinkedHashMap<>();
        for (int i = 0; i < perBits.length; i++) {
            per.put(TriggerBits.name(perBits[i]), Map.of("window", perTrigger[i].toState()));
        }
        state.put("per_trigger", per);
        return state;
    }

    @Override
    public void takeover(Object state) {
        // replace, never add: this instance may have counted before (a rollback makes it live again)
        orphans = 0;
        all.reset();
        for (NhitStats s : perTrigger) {
            s.reset();
        }
        if (!(state instanceof Map<?, ?> m)) {
            return;
        }
        boolean sameThreshold = m.get("threshold") instanceof Number t && t.longValue() == threshold;
        orphans = count(m.get("orphans"));
        all.restore(m.get("window"), sameThreshold);
        if (m.get("per_trigger") instanceof Map<?, ?> per) {
            for (int i = 0; i < perBits.length; i++) {
                if (per.get(TriggerBits.name(perBits[i])) instanceof Map<?, ?> s) {
                    perTrigger[i].restore(s.get("window"), sameThreshold);
                }
            }
        }
    }
}

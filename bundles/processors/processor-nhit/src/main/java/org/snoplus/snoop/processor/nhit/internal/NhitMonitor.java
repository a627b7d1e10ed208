package org.snoplus.snoop.processor.nhit.internal;

import static org.snoplus.snoop.processor.support.ConfigValues.check;
import static org.snoplus.snoop.processor.support.ConfigValues.items;

import java.util.ArrayList;
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

/**
 * NHIT as minard counts it: the hits on PMT channels, those of the FEC/D card (crate 17, card 15,
 * which records trigger signals) left out ({@link PmtEvent#pmtHits()}). Orphans (GTID 0 and trigger
 * word 0: hits without a trigger) are counted but not in the NHIT values. Each sample is
 * <pre>{"threshold": nhit.threshold, "orphans": orphans,
 *  "events", "mean", "rms", "below", "above", "hist": the window's events, NHIT mean and RMS (null
 *      without events), events with NHIT &lt; threshold and &ge; threshold, a {@link Shapes#histogram},
 *  "per_trigger": {"100L": {"events", "mean", "rms", "below", "above", "hist"}, ...} for the bits of per.trigger,
 *  and the same over the run: "orphans_run", "events_run", "mean_run", ..., "hist_run", "per_trigger_run"}</pre>
 *
 * <p><b>Runs.</b> An event of another run (other than -1, unknown) starts the run values again.
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
    private NhitStats allRun;
    /** The bits of per.trigger, in the configured order, and the stats of each. */
    private int[] perBits;
    private NhitStats[] perTrigger;
    private NhitStats[] perTriggerRun;
    /** Bits of per.trigger, as a trigger word mask. */
    private int perMask;
    /** For each trigger bit its index in perBits, or -1. */
    private final int[] slot = new int[TriggerBits.COUNT];

    private long orphans;
    private long orphansRun;
    private int run = -1;

    @Activate
    void activate(NhitConfig config) {
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
        allRun = new NhitStats(bins, max);
        perTrigger = new NhitStats[perBits.length];
        perTriggerRun = new NhitStats[perBits.length];
        for (int i = 0; i < perBits.length; i++) {
            perTrigger[i] = new NhitStats(bins, max);
            perTriggerRun[i] = new NhitStats(bins, max);
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
            orphansRun++;
            return;
        }
        int nhit = ev.pmtHits();
        all.fill(nhit, threshold);
        allRun.fill(nhit, threshold);
        int word = ev.triggerWord() & perMask;
        while (word != 0) {
            int i = slot[Integer.numberOfTrailingZeros(word)];
            perTrigger[i].fill(nhit, threshold);
            perTriggerRun[i].fill(nhit, threshold);
            word &= word - 1;
        }
    }

    private void startRun(int number) {
        run = number;
        allRun.reset();
        for (NhitStats s : perTriggerRun) {
            s.reset();
        }
        orphansRun = 0;
    }

    @Override
    public Map<String, Object> sample() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("threshold", threshold);
        m.put("orphans", orphans);
        all.toDocument(m, "");
        m.put("per_trigger", perTrigger(perTrigger));
        m.put("orphans_run", orphansRun);
        allRun.toDocument(m, "_run");
        m.put("per_trigger_run", perTrigger(perTriggerRun));
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

    /** The run, the threshold the counts were made with, the window so far and the run, per trigger bit by name. */
    @Override
    public Object handoff() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("run", run);
        state.put("threshold", threshold);
        state.put("orphans", orphans);
        state.put("orphans_run", orphansRun);
        state.put("window", all.toState());
        state.put("run_values", allRun.toState());
        Map<String, Object> per = new LinkedHashMap<>();
        for (int i = 0; i < perBits.length; i++) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("window", perTrigger[i].toState());
            s.put("run_values", perTriggerRun[i].toState());
            per.put(TriggerBits.name(perBits[i]), s);
        }
        state.put("per_trigger", per);
        return state;
    }

    @Override
    public void takeover(Object state) {
        // replace, never add: this instance may have counted before (a rollback makes it live again)
        startRun(-1);
        orphans = 0;
        all.reset();
        for (NhitStats s : perTrigger) {
            s.reset();
        }
        if (!(state instanceof Map<?, ?> m)) {
            return;
        }
        run = m.get("run") instanceof Number r ? r.intValue() : -1;
        boolean sameThreshold = m.get("threshold") instanceof Number t && t.longValue() == threshold;
        orphans = count(m.get("orphans"));
        orphansRun = count(m.get("orphans_run"));
        all.restore(m.get("window"), sameThreshold);
        allRun.restore(m.get("run_values"), sameThreshold);
        if (m.get("per_trigger") instanceof Map<?, ?> per) {
            for (int i = 0; i < perBits.length; i++) {
                if (per.get(TriggerBits.name(perBits[i])) instanceof Map<?, ?> s) {
                    perTrigger[i].restore(s.get("window"), sameThreshold);
                    perTriggerRun[i].restore(s.get("run_values"), sameThreshold);
                }
            }
        }
    }

    private static long count(Object v) {
        return v instanceof Number n ? Math.max(0, n.longValue()) : 0;
    }
}

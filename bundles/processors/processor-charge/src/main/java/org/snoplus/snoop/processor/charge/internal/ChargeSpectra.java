package org.snoplus.snoop.processor.charge.internal;

import static org.snoplus.snoop.processor.support.ConfigValues.check;
import static org.snoplus.snoop.processor.support.StateValues.count;

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
import org.snoplus.snoop.sno.PedestalSettings;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.sno.TriggerBits;
import org.snoplus.snoop.stats.Histogram;
import org.snoplus.snoop.stats.Precision;
import org.snoplus.snoop.processor.support.LastGoodConfig;

/**
 * Charge and time spectra of the PMT hits, and pedestal-subtracted charge spectra with pedestals
 * measured from the data's own pedestal events.
 *
 * <p><b>Spectra.</b> The hits of events that have a bit of {@code triggers} (default all) and none
 * of {@code veto} (default PED) fill histograms of QHS, QHL, QLX and TAC over the ADC range
 * 0..4096 ({@code adc.bins} bins) and per-crate sums of each. Orphans never do. Hits on the FEC/D
 * card (crate 17, card 15) are trigger signals, not PMT charges, and are left out of everything.
 *
 * <p><b>Pedestals.</b> Every hit of a pedestal event (PED bit set, whatever {@code triggers} says)
 * adds its QHS, QHL and QLX to the sums of its channel and CMOS cell (QLX also by its LGI select
 * bit: the low-gain charge then comes from another integration). Once a cell has
 * {@code pedestal.min} pedestal hits, hits on it of selected events without the PED bit fill
 * {@code qhs_minus_ped}, {@code qhl_minus_ped} and {@code qlx_minus_ped} with the charge less the
 * cell's mean pedestal. The pedestal settings ({@link PedestalSettings}, the EPED record) are
 * reported as they come; one that changes the pedestal width or its coarse or fine delay empties
 * the tables, since the pedestals measured before no longer apply. The first settings seen do
 * not empty them (nothing says that what came before was measured otherwise). The tables are kept
 * across samples and runs.
 *
 * <p>Each sample (the spectra cover the window, the pedestals everything since the last reset):
 * <pre>{"selection": {"triggers": "100L,100M,...", "veto": "PED"},
 *  "events": selected events, "hits": their PMT hits,
 *  "qhs", "qhl", "qlx", "tac": histograms,
 *  "crates": {"hits", "qhs", "qhl", "qlx", "tac": per crate (crates shape), the hits and the sums of
 *             their QHS, QHL, QLX and TAC in ADC counts: a crate's mean QHS is qhs[k] / hits[k]},
 *  "subtracted": hits with a pedestal-subtracted QHS and QHL,
 *  "qhs_minus_ped", "qhl_minus_ped", "qlx_minus_ped": histograms,
 *  "pedestals": {"settings": {"width", "coarse.delay", "fine.delay", "charge.dac", "half.crate",
 *                             "calibration.type", "gtid", "flag"} or null when none came,
 *                "events": PED events in the window, "hits": their PMT hits, "resets": resets in the window,
 *                "min": pedestal.min, "cells": cells with pedestal.min hits, "cells.qlx": the same for QLX,
 *                "crates": {"qhs", "qhl", "qlx": per crate, the mean pedestal of those cells}}}</pre>
 * Every spectrum and sum is whole counts, which the query service sums over a range or a run; the
 * pedestal means (of the tables as they stand) are averaged over time. Empty means are 0.
 *
 * <p><b>Cost.</b> {@link #event} allocates nothing: per selected hit four histogram fills, four
 * additions, one look-up of the cell's pedestals and up to three fills of the subtracted spectra; per
 * pedestal hit five additions and the cell's new means (four divisions). The tables take 12 MB.
 *
 * <p><b>Handoff.</b> The pedestal tables and settings, and the window not yet sampled. A successor
 * with another binning drops the window's histograms of that binning; one with another trigger
 * selection drops the window; the pedestals survive both.
 */
@Component(name = "charge", service = Processor.class, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ChargeConfig.class)
public class ChargeSpectra implements Processor<Object> {

    static final double ADC_RANGE = 4096;
    static final String[] QUANTITIES = {"qhs", "qhl", "qlx", "tac"};
    private static final int QHS = 0;
    private static final int QHL = 1;
    private static final int QLX = 2;
    private static final int TAC = 3;

    private int triggers;
    private int veto;
    private int pedestalMin;

    private Histogram[] spectra;
    private Histogram[] subtracted;
    /** Per quantity, per crate: the sum of the ADC counts of the selected hits. */
    private final long[][] crateSums = new long[QUANTITIES.length][Channels.CRATES];
    private final long[] crateHits = new long[Channels.CRATES];
    private long events;
    private long hits;
    private long subtractedHits;
    private long pedEvents;
    private long pedHits;
    private long resets;

    private final PedestalTable pedestals = new PedestalTable();
    private boolean haveSettings;
    private int width;
    private int coarseDelay;
    private int fineDelay;
    private int chargeDac;
    private int halfCrate;
    private int calibrationType;
    private int settingsGtid;
    private int flag;

    @Activate
    void activate(ChargeConfig config, Map<String, Object> properties) {
        // a bad value in its conf/ file leaves the processor running with the values it had
        LastGoodConfig.apply(config, properties, this::configure);
    }

    /** Checks and applies every value; throws on a bad one (the previous configuration is then applied again). */
    void configure(ChargeConfig config) {
        int t = TriggerBits.mask("triggers", config.triggers());
        check(t != 0, "triggers", "must name at least one trigger bit");
        int v = TriggerBits.mask("veto", config.veto());
        check((t & ~v) != 0, "triggers",
                "are all vetoed (veto " + TriggerBits.names(v) + "): no hit would fill the spectra");
        int adcBins = config.adc_bins();
        check(adcBins >= 1 && adcBins <= 4096, "adc.bins", "must be between 1 and 4096, not " + adcBins);
        int subBins = config.subtracted_bins();
        check(subBins >= 1 && subBins <= 100_000, "subtracted.bins", "must be between 1 and 100000, not " + subBins);
        double min = config.subtracted_min();
        double max = config.subtracted_max();
        check(Double.isFinite(min), "subtracted.min", "must be a number, not " + min);
        check(Double.isFinite(max) && max > min, "subtracted.max",
                "must be above subtracted.min (" + min + "), not " + max);
        check(config.pedestal_min() >= 1, "pedestal.min", "must be at least 1, not " + config.pedestal_min());
        triggers = t;
        veto = v;
        pedestalMin = config.pedestal_min();
        pedestals.minimum(pedestalMin);
        spectra = new Histogram[QUANTITIES.length];
        for (int q = 0; q < spectra.length; q++) {
            spectra[q] = new Histogram(adcBins, 0, ADC_RANGE);
        }
        subtracted = new Histogram[3];
        for (int q = 0; q < subtracted.length; q++) {
            subtracted[q] = new Histogram(subBins, min, max);
        }
    }

    @Override
    public Class<Object> eventType() {
        return Object.class; // PmtEvent and PedestalSettings
    }

    @Override
    public void event(Object event) {
        if (event instanceof PmtEvent ev) {
            pmtEvent(ev);
        } else if (event instanceof PedestalSettings s) {
            settings(s);
        }
    }

    private void pmtEvent(PmtEvent ev) {
        int word = ev.triggerWord();
        boolean ped = (word & TriggerBits.PED) != 0;
        boolean selected = (word & triggers) != 0 && (word & veto) == 0;
        if (!ped && !selected) {
            return;
        }
        boolean subtract = selected && !ped;
        if (ped) {
            pedEvents++;
        }
        if (selected) {
            events++;
        }
        final int n = ev.nhit();
        final int[] lcn = ev.lcn();
        final byte[] cell = ev.cell();
        final short[] qhs = ev.qhs();
        final short[] qhl = ev.qhl();
        final short[] qlx = ev.qlx();
        final short[] tac = ev.tac();
        final byte[] flags = ev.flags();
        final PedestalTable p = pedestals;
        final float[] means = p.means;
        // in locals: the fills write memory, so the JIT could not keep the fields in registers itself
        final Histogram sQhs = spectra[QHS];
        final Histogram sQhl = spectra[QHL];
        final Histogram sQlx = spectra[QLX];
        final Histogram sTac = spectra[TAC];
        final Histogram dQhs = subtracted[QHS];
        final Histogram dQhl = subtracted[QHL];
        final Histogram dQlx = subtracted[QLX];
        final long[] mQhs = crateSums[QHS];
        final long[] mQhl = crateSums[QHL];
        final long[] mQlx = crateSums[QLX];
        final long[] mTac = crateSums[TAC];
        long pmtHits = 0;
        long pedestalHits = 0;
        long subtractedNow = 0;
        for (int i = 0; i < n; i++) {
            int c = lcn[i];
            if (Channels.isFecd(c)) {
                continue;
            }
            int index = PedestalTable.index(c, cell[i]);
            boolean lgi = (flags[i] & PmtEvent.HIT_LGI_SELECT) != 0;
            if (ped) {
                p.add(index, lgi, qhs[i], qhl[i], qlx[i]);
                pedestalHits++;
            }
            if (!selected) {
                continue;
            }
            int crate = Channels.crate(c);
            pmtHits++;
            crateHits[crate]++;
            sQhs.fill(qhs[i]);
            sQhl.fill(qhl[i]);
            sQlx.fill(qlx[i]);
            sTac.fill(tac[i]);
            mQhs[crate] += qhs[i];
            mQhl[crate] += qhl[i];
            mQlx[crate] += qlx[i];
            mTac[crate] += tac[i];
            if (subtract) {
                int m = index << 2;
                float pedestal = means[m + PedestalTable.MEAN_QHS];
                if (pedestal == pedestal) { // not NaN: the cell has its pedestals
                    dQhs.fill(qhs[i] - pedestal);
                    dQhl.fill(qhl[i] - means[m + PedestalTable.MEAN_QHL]);
                    subtractedNow++;
                }
                float qlxPedestal = means[m + PedestalTable.MEAN_QLX + (lgi ? 1 : 0)];
                if (qlxPedestal == qlxPedestal) {
                    dQlx.fill(qlx[i] - qlxPedestal);
                }
            }
        }
        hits += pmtHits;
        pedHits += pedestalHits;
        subtractedHits += subtractedNow;
    }

    private void settings(PedestalSettings s) {
        if (haveSettings && (s.pedestalWidth() != width || s.coarseDelay() != coarseDelay
                || s.fineDelay() != fineDelay)) {
            pedestals.clear();
            resets++;
        }
        haveSettings = true;
        width = s.pedestalWidth();
        coarseDelay = s.coarseDelay();
        fineDelay = s.fineDelay();
        chargeDac = s.chargeDac();
        halfCrate = s.halfCrate();
        calibrationType = s.calibrationType();
        settingsGtid = s.gtid();
        flag = s.flag();
    }

    @Override
    public Map<String, Object> sample() {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> selection = new LinkedHashMap<>();
        selection.put("triggers", TriggerBits.names(triggers));
        selection.put("veto", TriggerBits.names(veto));
        m.put("selection", selection);
        m.put("events", events);
        m.put("hits", hits);
        for (int q = 0; q < QUANTITIES.length; q++) {
            m.put(QUANTITIES[q], spectra[q].toShape());
        }
        Map<String, Object> crates = new LinkedHashMap<>();
        crates.put("hits", SnoShapes.crates(crateHits.clone()));
        for (int q = 0; q < QUANTITIES.length; q++) {
            crates.put(QUANTITIES[q], SnoShapes.crates(crateSums[q].clone()));
        }
        m.put("crates", crates);
        m.put("subtracted", subtractedHits);
        for (int q = 0; q < subtracted.length; q++) {
            m.put(QUANTITIES[q] + "_minus_ped", subtracted[q].toShape());
        }
        m.put("pedestals", pedestalReport());
        clearWindow();
        return m;
    }

    private Map<String, Object> pedestalReport() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("settings", haveSettings ? settingsMap() : null);
        m.put("events", pedEvents);
        m.put("hits", pedHits);
        m.put("resets", resets);
        m.put("min", pedestalMin);
        double[] qhs = new double[Channels.CRATES];
        double[] qhl = new double[Channels.CRATES];
        double[] qlx = new double[Channels.CRATES];
        long[] cells = new long[Channels.CRATES];
        long[] qlxCells = new long[Channels.CRATES];
        final long[] t = pedestals.table;
        for (int i = 0; i < PedestalTable.CELLS; i++) {
            int crate = Channels.crate(i >>> 4);
            int slot = i * PedestalTable.SLOT;
            long n = t[slot + PedestalTable.COUNT];
            if (n >= pedestalMin) {
                qhs[crate] += (double) t[slot + PedestalTable.QHS] / n;
                qhl[crate] += (double) t[slot + PedestalTable.QHL] / n;
                cells[crate]++;
            }
            for (int x = slot + PedestalTable.qlx(false); x <= slot + PedestalTable.qlx(true); x += 2) {
                long nx = t[x];
                if (nx >= pedestalMin) {
                    qlx[crate] += (double) t[x + 1] / nx;
                    qlxCells[crate]++;
                }
            }
        }
        long allCells = 0;
        long allQlxCells = 0;
        for (int k = 0; k < Channels.CRATES; k++) {
            qhs[k] = cells[k] == 0 ? 0 : Precision.round(qhs[k] / cells[k]);
            qhl[k] = cells[k] == 0 ? 0 : Precision.round(qhl[k] / cells[k]);
            qlx[k] = qlxCells[k] == 0 ? 0 : Precision.round(qlx[k] / qlxCells[k]);
            allCells += cells[k];
            allQlxCells += qlxCells[k];
        }
        m.put("cells", allCells);
        m.put("cells.qlx", allQlxCells);
        Map<String, Object> crates = new LinkedHashMap<>();
        crates.put("qhs", SnoShapes.crates(qhs));
        crates.put("qhl", SnoShapes.crates(qhl));
        crates.put("qlx", SnoShapes.crates(qlx));
        m.put("crates", crates);
        return m;
    }

    private Map<String, Object> settingsMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("width", width);
        m.put("coarse.delay", coarseDelay);
        m.put("fine.delay", fineDelay);
        m.put("charge.dac", chargeDac);
        m.put("half.crate", halfCrate);
        m.put("calibration.type", calibrationType);
        m.put("gtid", settingsGtid);
        m.put("flag", flag);
        return m;
    }

    private void clearWindow() {
        events = 0;
        hits = 0;
        subtractedHits = 0;
        pedEvents = 0;
        pedHits = 0;
        resets = 0;
        for (Histogram h : spectra) {
            h.reset();
        }
        for (Histogram h : subtracted) {
            h.reset();
        }
        for (long[] q : crateSums) {
            Arrays.fill(q, 0);
        }
        Arrays.fill(crateHits, 0);
    }

    /** The pedestal tables and settings, the trigger selection and the window not yet sampled. */
    @Override
    public Object handoff() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("triggers", triggers);
        state.put("veto", veto);
        state.put("settings", haveSettings ? settingsMap() : null);
        state.put("pedestals", pedestals.isEmpty() ? null : pedestals.toState());
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("events", events);
        w.put("hits", hits);
        w.put("subtracted", subtractedHits);
        w.put("ped.events", pedEvents);
        w.put("ped.hits", pedHits);
        w.put("resets", resets);
        w.put("crate.hits", crateHits.clone());
        for (int q = 0; q < QUANTITIES.length; q++) {
            w.put(QUANTITIES[q], spectra[q].toState());
            w.put(QUANTITIES[q] + ".sums", crateSums[q].clone());
        }
        for (int q = 0; q < subtracted.length; q++) {
            w.put(QUANTITIES[q] + "_minus_ped", subtracted[q].toState());
        }
        state.put("window", w);
        return state;
    }

    @Override
    public void takeover(Object state) {
        // replace, never add: this instance may have run before (a rollback makes it live again)
        clearWindow();
        pedestals.clear();
        haveSettings = false;
        if (!(state instanceof Map<?, ?> m)) {
            return;
        }
        if (m.get("settings") instanceof Map<?, ?> s && s.get("width") instanceof Number w
                && s.get("coarse.delay") instanceof Number cd && s.get("fine.delay") instanceof Number fd) {
            haveSettings = true;
            width = w.intValue();
            coarseDelay = cd.intValue();
            fineDelay = fd.intValue();
            chargeDac = integer(s.get("charge.dac"));
            halfCrate = integer(s.get("half.crate"));
            calibrationType = integer(s.get("calibration.type"));
            settingsGtid = integer(s.get("gtid"));
            flag = integer(s.get("flag"));
        }
        pedestals.restore(m.get("pedestals"));
        if (m.get("triggers") instanceof Number t && t.intValue() != triggers
                || m.get("veto") instanceof Number v && v.intValue() != veto
                || !(m.get("window") instanceof Map<?, ?> w)) {
            return; // a window of other events does not mix with ours
        }
        events = count(w.get("events"));
        hits = count(w.get("hits"));
        subtractedHits = count(w.get("subtracted"));
        pedEvents = count(w.get("ped.events"));
        pedHits = count(w.get("ped.hits"));
        resets = count(w.get("resets"));
        StateValues.counts(w.get("crate.hits"), crateHits);
        for (int q = 0; q < QUANTITIES.length; q++) {
            spectra[q].restore(w.get(QUANTITIES[q]));
            StateValues.counts(w.get(QUANTITIES[q] + ".sums"), crateSums[q]);
        }
        for (int q = 0; q < subtracted.length; q++) {
            subtracted[q].restore(w.get(QUANTITIES[q] + "_minus_ped"));
        }
    }

    private static int integer(Object v) {
        return StateValues.integer(v, Integer.MIN_VALUE, 0);
    }
}

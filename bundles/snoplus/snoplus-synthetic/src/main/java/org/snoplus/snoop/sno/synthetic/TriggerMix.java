package org.snoplus.snoop.sno.synthetic;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The relative weights of the kinds of event the synthetic detector produces; they need not add
 * up to 1. Written and parsed as {@code physics=0.93,muon=0.0002,pulser=0.02,ped=0.02,owl=0.01,orphan=0.02}.
 *
 * @param physics a physics trigger: N20, with N100L/M/H and ESUML/H as the NHIT passes their
 *        thresholds; mostly 10–60 hits, a tail to a few hundred
 * @param muon a muon: physics bits and OWLN/OWLEL/OWLEH, thousands of hits, OWL tubes among them
 * @param pulser a pulser trigger (PULGT): the few noise hits in the window
 * @param ped a pedestal trigger (PED): every working channel of one or two crates, charge at pedestal
 * @param owl a trigger of the outward-looking tubes alone (OWLN, sometimes OWLEL/OWLEH)
 * @param orphan an orphan: a few hits without a trigger (GTID 0, trigger word 0, clocks 0)
 */
public record TriggerMix(double physics, double muon, double pulser, double ped, double owl, double orphan) {

    /** The mix of a physics run with the calibration triggers made visible for a demo. */
    public static final TriggerMix DEFAULT = new TriggerMix(0.93, 0.0002, 0.02, 0.02, 0.01, 0.02);

    /** The names of the kinds, as {@link #parse} takes them, in the order of the components. */
    public static final String[] KINDS = {"physics", "muon", "pulser", "ped", "owl", "orphan"};

    public TriggerMix {
        double[] w = {physics, muon, pulser, ped, owl, orphan};
        double total = 0;
        for (int i = 0; i < w.length; i++) {
            if (!(w[i] >= 0) || Double.isInfinite(w[i])) {
                throw new IllegalArgumentException("weight of " + KINDS[i] + " must be a number >= 0, not " + w[i]);
            }
            total += w[i];
        }
        if (total <= 0) {
            throw new IllegalArgumentException("needs a weight above 0");
        }
    }

    /**
     * Parses {@code kind=weight} entries separated by commas; kinds not named weigh 0.
     *
     * @throws IllegalArgumentException naming what is wrong: an unknown kind, a kind given twice,
     *         a weight that is not a number >= 0, no weight above 0
     */
    public static TriggerMix parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("is empty: give weights such as " + DEFAULT);
        }
        double[] w = new double[KINDS.length];
        boolean[] seen = new boolean[KINDS.length];
        for (String entry : text.split(",")) {
            String e = entry.trim();
            if (e.isEmpty()) {
                continue;
            }
            int eq = e.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("entry \"" + e + "\" is not kind=weight");
            }
            String kind = e.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            int k = index(kind);
            if (k < 0) {
                throw new IllegalArgumentException("has an unknown kind \"" + kind + "\" (known: "
                        + String.join(", ", KINDS) + ")");
            }
            if (seen[k]) {
                throw new IllegalArgumentException("gives " + kind + " twice");
            }
            seen[k] = true;
            String value = e.substring(eq + 1).trim();
            try {
                w[k] = Double.parseDouble(value);
            } catch (NumberFormatException x) {
                w[k] = Double.NaN;
            }
            if (!(w[k] >= 0) || Double.isInfinite(w[k])) {
                throw new IllegalArgumentException("weight of " + kind + " must be a number >= 0, not \"" + value + "\"");
            }
        }
        return new TriggerMix(w[0], w[1], w[2], w[3], w[4], w[5]);
    }

    private static int index(String kind) {
        for (int i = 0; i < KINDS.length; i++) {
            if (KINDS[i].equals(kind)) {
                return i;
            }
        }
        return -1;
    }

    /** The sum of the weights. */
    public double total() {
        return physics + muon + pulser + ped + owl + orphan;
    }

    /** The weights in the order of {@link #KINDS}. */
    double[] weights() {
        return new double[] {physics, muon, pulser, ped, owl, orphan};
    }

    /** The kinds and their fractions of all events (weights divided by their sum), in order. */
    public Map<String, Double> fractions() {
        Map<String, Double> m = new LinkedHashMap<>();
        double[] w = weights();
        double total = total();
        for (int i = 0; i < w.length; i++) {
            m.put(KINDS[i], w[i] / total);
        }
        return m;
    }

    /** The form {@link #parse} reads, leaving out kinds of weight 0. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        double[] w = weights();
        for (int i = 0; i < w.length; i++) {
            if (w[i] > 0) {
                if (b.length() > 0) {
                    b.append(',');
                }
                b.append(KINDS[i]).append('=').append(number(w[i]));
            }
        }
        return b.toString();
    }

    /** 0.0002 rather than 2.0E-4: the way it is written in a .cfg file. */
    static String number(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}

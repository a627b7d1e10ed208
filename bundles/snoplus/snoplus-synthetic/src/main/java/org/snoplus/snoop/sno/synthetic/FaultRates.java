package org.snoplus.snoop.sno.synthetic;

/**
 * How often the synthetic detector shows the faults that monitoring looks for. Each is a
 * probability in 0..1: per trigger for the first two, per PMT hit for the hit flags.
 *
 * @param gtidSkip a trigger's GTID is more than one after the previous one (1 to 16 GTIDs missing)
 * @param clockGlitch one of the two clocks (never both) jumps forward by 10 to 2^24 of its ticks
 *        at this trigger and keeps the offset: the 50 MHz clock is no longer 5 × the 10 MHz one
 * @param cgtEs16 a hit carries {@link org.snoplus.snoop.sno.PmtEvent#HIT_CGT_ES16}
 * @param cgtEs24 a hit carries {@link org.snoplus.snoop.sno.PmtEvent#HIT_CGT_ES24}
 * @param cmosEs16 a hit carries {@link org.snoplus.snoop.sno.PmtEvent#HIT_CMOS_ES16}
 * @param missedCount a hit carries {@link org.snoplus.snoop.sno.PmtEvent#HIT_MISSED}
 * @param lgiSelect a hit carries {@link org.snoplus.snoop.sno.PmtEvent#HIT_LGI_SELECT}
 */
public record FaultRates(double gtidSkip, double clockGlitch, double cgtEs16, double cgtEs24, double cmosEs16,
        double missedCount, double lgiSelect) {

    /**
     * Rare enough to look like a healthy detector, frequent enough that a demo at 1 kHz shows each
     * within minutes: a GTID skip every ~10 s, a clock glitch every ~2 min.
     */
    public static final FaultRates DEFAULT = new FaultRates(1e-4, 1e-5, 1e-6, 1e-7, 1e-6, 1e-6, 1e-5);

    /** A detector without faults. */
    public static final FaultRates NONE = new FaultRates(0, 0, 0, 0, 0, 0, 0);

    static final String[] NAMES = {"gtidSkip", "clockGlitch", "cgtEs16", "cgtEs24", "cmosEs16", "missedCount",
        "lgiSelect"};

    public FaultRates {
        double[] p = {gtidSkip, clockGlitch, cgtEs16, cgtEs24, cmosEs16, missedCount, lgiSelect};
        for (int i = 0; i < p.length; i++) {
            if (!(p[i] >= 0 && p[i] <= 1)) {
                throw new IllegalArgumentException(NAMES[i] + " must be a probability between 0 and 1, not " + p[i]);
            }
        }
    }

    public FaultRates withGtidSkip(double p) {
        return new FaultRates(p, clockGlitch, cgtEs16, cgtEs24, cmosEs16, missedCount, lgiSelect);
    }

    public FaultRates withClockGlitch(double p) {
        return new FaultRates(gtidSkip, p, cgtEs16, cgtEs24, cmosEs16, missedCount, lgiSelect);
    }

    /** The same probability for every hit flag. */
    public FaultRates withHitFlags(double p) {
        return new FaultRates(gtidSkip, clockGlitch, p, p, p, p, p);
    }

    /** The per-hit probabilities, in the order of the {@code HIT_} flags they set. */
    double[] hitFlagRates() {
        return new double[] {cgtEs16, cgtEs24, cmosEs16, missedCount, lgiSelect};
    }
}

package org.snoplus.snoop.sno.synthetic;

/**
 * Lookup tables of the distributions drawn per hit, so that a hit costs table reads rather than
 * logarithms. Each is filled once from a fixed seed: the physics of a photomultiplier does not
 * change with the detector's seed. Never written after class initialisation.
 */
final class Spectra {

    /** Entries of the per-hit tables: indexed by 12 random bits. */
    static final int SIZE = 4096;

    /**
     * Charge of one photoelectron above pedestal, in QHS counts: a gain peak near 32 counts (10%
     * of the pulses under-amplified, close to pedestal).
     */
    static final short[] SPE = new short[SIZE];

    /**
     * How much later than the earliest possible time a prompt hit comes, in TAC counts (0.1 ns;
     * TAC counts go down as time goes on): transit-time jitter, the spread in time of flight over
     * the volume, and the scintillator's emission time (fast and slow components).
     */
    static final short[] DELAY = new short[SIZE];

    /** Electronics noise on a charge, counts (σ ≈ 2.5); indexed by 8 random bits. */
    static final byte[] NOISE = new byte[256];

    /** Photoelectrons in a tube that a muon lights: a few to a few hundred; 8 random bits. */
    static final short[] MUON_PE = new short[256];

    /** Electronics noise on a charge, counts (σ ≈ 2.5) at 16 quantiles; indexed by 4 random bits. */
    static final byte[] NOISE16 = new byte[16];

    /** Standard normal deviates; indexed by 10 random bits. */
    static final float[] NORMAL = new float[1024];

    /** Dark-noise hits in the trigger window: Poisson of mean {@value #NOISE_HITS} at 1024 quantiles. */
    static final byte[] NOISE_HITS_TABLE = new byte[1024];
    /** Mean dark-noise hits in the trigger window (9000 tubes × ~1 kHz × 400 ns ≈ 3.6). */
    static final double NOISE_HITS = 3.5;

    static {
        SplitMix r = new SplitMix(0x5A0_1ABL);
        for (int i = 0; i < SIZE; i++) {
            double q = r.chance(0.1) ? 6 * r.exponential() : 32 + 11 * r.gaussian();
            SPE[i] = (short) Math.max(1, Math.min(200, Math.round(q)));
            double fast = r.chance(0.8) ? 50 * r.exponential() : 300 * r.exponential();
            double d = 60 + 17 * r.gaussian() + 150 * r.uniform() + fast;
            DELAY[i] = (short) Math.max(0, Math.min(2500, Math.round(d)));
        }
        for (int i = 0; i < 256; i++) {
            NOISE[i] = (byte) Math.max(-10, Math.min(10, Math.round(2.5 * r.gaussian())));
            double pe = r.chance(0.05) ? 20 + 100 * r.exponential() : 1 + 12 * r.exponential();
            MUON_PE[i] = (short) Math.min(1000, Math.round(pe));
        }
        for (int i = 0; i < NORMAL.length; i++) {
            NORMAL[i] = (float) r.gaussian();
        }
        for (int i = 0; i < NOISE16.length; i++) {
            NOISE16[i] = (byte) Math.round(2.5 * probit((i + 0.5) / NOISE16.length));
        }
        double p = Math.exp(-NOISE_HITS);
        double cdf = p;
        int k = 0;
        for (int i = 0; i < NOISE_HITS_TABLE.length; i++) {
            double u = (i + 0.5) / NOISE_HITS_TABLE.length;
            while (u > cdf) {
                k++;
                p *= NOISE_HITS / k;
                cdf += p;
            }
            NOISE_HITS_TABLE[i] = (byte) k;
        }
    }

    /** The standard normal quantile of p (Acklam's rational approximation, relative error < 1.2e-9). */
    static double probit(double p) {
        double[] a = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
            -3.066479806614716e+01, 2.506628277459239e+00};
        double[] b = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
            -1.328068155288572e+01};
        double[] c = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
            4.374664141464968e+00, 2.938163982698783e+00};
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        if (p < 0.02425) {
            double q = Math.sqrt(-2 * Math.log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - 0.02425) {
            return -probit(1 - p);
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }

    private Spectra() {
    }
}

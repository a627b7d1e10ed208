package org.snoplus.snoop.sno.synthetic;

/**
 * SplitMix64 (Steele, Lea, Flood 2014): fast, statistically sound, and defined here rather than
 * borrowed from the JDK, so that a seed gives the same detector on every Java version.
 */
final class SplitMix {

    static final long GOLDEN = 0x9E3779B97F4A7C15L;

    long state;

    SplitMix(long seed) {
        this.state = seed;
    }

    /** The output function: {@code mix(state += GOLDEN)} is the next value of the stream. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    long next() {
        return mix(state += GOLDEN);
    }

    /** Uniform in [0, 1). */
    double uniform() {
        return (next() >>> 11) * 0x1.0p-53;
    }

    /** Uniform in (0, 1]: safe to take the logarithm of. */
    double positive() {
        return ((next() >>> 11) + 1) * 0x1.0p-53;
    }

    /** Uniform in 0..n-1, for n > 0. */
    int below(int n) {
        return (int) (((next() >>> 32) * n) >>> 32);
    }

    /** Whether an event of probability p happens. */
    boolean chance(double p) {
        return uniform() < p;
    }

    /** Exponential with mean 1. */
    double exponential() {
        return -Math.log(positive());
    }

    /** Standard normal (Box–Muller; one of the pair). */
    double gaussian() {
        return Math.sqrt(-2 * Math.log(positive())) * Math.cos(2 * Math.PI * uniform());
    }

    /**
     * Trials until the first success of probability p, at least 1: the distance to the next rare
     * event, so that rare events cost one countdown per trial rather than one random number.
     */
    long geometric(double p) {
        if (p <= 0) {
            return Long.MAX_VALUE;
        }
        if (p >= 1) {
            return 1;
        }
        double k = Math.floor(Math.log(positive()) / Math.log1p(-p)) + 1;
        return k >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) k;
    }
}

package org.snoplus.snoop.stats;

/**
 * Floating-point values with the precision they carry: a mean of a few thousand NHIT values or a
 * rate counted over two seconds is known to a few digits, and its 17 printed digits are noise
 * that costs bytes in every document, on every disk.
 */
public final class Precision {

    /** Significant digits kept by {@link #round(double)}: enough for any monitoring quantity. */
    public static final int DIGITS = 6;

    private static final double[] POWERS = new double[23];

    static {
        double p = 1;
        for (int i = 0; i < POWERS.length; i++) {
            POWERS[i] = p;
            p *= 10;
        }
    }

    private Precision() {
    }

    /** {@code x} rounded to {@value #DIGITS} significant digits. */
    public static double round(double x) {
        return round(x, DIGITS);
    }

    /**
     * {@code x} rounded to {@code digits} significant digits (1 to 15), so that it prints short
     * ({@code 12.3457}, not {@code 12.345678901234567}). Zero, NaN and the infinities are returned
     * as they are.
     */
    public static double round(double x, int digits) {
        if (digits < 1 || digits > 15) {
            throw new IllegalArgumentException("digits must be between 1 and 15, not " + digits);
        }
        if (x == 0 || !Double.isFinite(x)) {
            return x;
        }
        int magnitude = (int) Math.floor(Math.log10(Math.abs(x)));
        int shift = digits - 1 - magnitude; // decimal places to keep
        if (shift > 0) {
            if (shift >= POWERS.length) {
                return x; // tiny: rounding it would need powers that are not exact
            }
            // dividing a whole number by an exact power of ten gives the double nearest the decimal
            return Math.round(x * POWERS[shift]) / POWERS[shift];
        }
        if (-shift >= POWERS.length) {
            return x;
        }
        return Math.round(x / POWERS[-shift]) * POWERS[-shift];
    }
}

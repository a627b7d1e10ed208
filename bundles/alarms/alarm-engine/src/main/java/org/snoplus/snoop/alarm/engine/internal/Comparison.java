package org.snoplus.snoop.alarm.engine.internal;

/**
 * Two histograms of the same bins compared, as data-quality monitors compare a run with its
 * reference: the binned Kolmogorov–Smirnov test (the largest distance between the two cumulative
 * distributions) and the χ² test of two histograms with different totals (Numerical Recipes'
 * {@code chstwo}). Both give the probability {@code p} of a difference at least this large if both
 * histograms came from the same distribution.
 */
final class Comparison {

    /** The test's statistic and its probability. */
    record Result(double statistic, double p) {
    }

    private Comparison() {
    }

    /**
     * Binned Kolmogorov–Smirnov. With binned data the test is conservative (p is too large rather
     * than too small), which is the side a quality check wants to err on.
     */
    static Result ks(double[] a, double[] b) {
        double na = sum(a);
        double nb = sum(b);
        if (na <= 0 || nb <= 0) {
            return new Result(Double.NaN, Double.NaN);
        }
        double ca = 0;
        double cb = 0;
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            ca += a[i] / na;
            cb += b[i] / nb;
            d = Math.max(d, Math.abs(ca - cb));
        }
        double ne = na * nb / (na + nb);
        double sq = Math.sqrt(ne);
        return new Result(d, kolmogorov((sq + 0.12 + 0.11 / sq) * d));
    }

    /** The χ² of two histograms with different totals; degrees of freedom: bins with entries, less one. */
    static Result chi2(double[] a, double[] b) {
        double na = sum(a);
        double nb = sum(b);
        if (na <= 0 || nb <= 0) {
            return new Result(Double.NaN, Double.NaN);
        }
        double ra = Math.sqrt(nb / na);
        double rb = Math.sqrt(na / nb);
        double chi2 = 0;
        int bins = 0;
        for (int i = 0; i < a.length; i++) {
            double s = a[i] + b[i];
            if (s > 0) {
                double t = ra * a[i] - rb * b[i];
                chi2 += t * t / s;
                bins++;
            }
        }
        int dof = bins - 1;
        if (dof < 1) {
            return new Result(chi2, 1.0);
        }
        return new Result(chi2, gammaQ(dof / 2.0, chi2 / 2.0));
    }

    /** Q_KS(λ) = 2 Σ (-1)^(j-1) exp(-2 j² λ²). */
    static double kolmogorov(double lambda) {
        if (lambda < 0.2) {
            return 1.0;
        }
        double sum = 0;
        double sign = 1;
        double a2 = -2 * lambda * lambda;
        double previous = 0;
        for (int j = 1; j <= 100; j++) {
            double term = sign * 2 * Math.exp(a2 * j * j);
            sum += term;
            if (Math.abs(term) <= 1e-10 * Math.abs(previous) || Math.abs(term) <= 1e-16 * sum) {
                return Math.max(0, Math.min(1, sum));
            }
            sign = -sign;
            previous = term;
        }
        return 1.0; // no convergence: only for tiny λ, where p is 1
    }

    /** The regularised upper incomplete gamma function Q(a, x) = 1 - P(a, x). */
    static double gammaQ(double a, double x) {
        if (x <= 0) {
            return 1.0;
        }
        if (x < a + 1) {
            return 1.0 - gammaSeries(a, x);
        }
        return gammaContinuedFraction(a, x);
    }

    private static double gammaSeries(double a, double x) {
        double ap = a;
        double sum = 1.0 / a;
        double del = sum;
        for (int n = 0; n < 1000; n++) {
            ap++;
            del *= x / ap;
            sum += del;
            if (Math.abs(del) < Math.abs(sum) * 1e-15) {
                break;
            }
        }
        return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
    }

    private static double gammaContinuedFraction(double a, double x) {
        double tiny = 1e-300;
        double b = x + 1 - a;
        double c = 1 / tiny;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < 1000; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < tiny) {
                d = tiny;
            }
            c = b + an / c;
            if (Math.abs(c) < tiny) {
                c = tiny;
            }
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.abs(del - 1) < 1e-15) {
                break;
            }
        }
        return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
    }

    /** ln Γ(x), Lanczos. */
    static double logGamma(double x) {
        double[] c = {76.18009172947146, -86.50532032941677, 24.01409824083091, -1.231739572450155,
            0.1208650973866179e-2, -0.5395239384953e-5};
        double y = x;
        double tmp = x + 5.5;
        tmp -= (x + 0.5) * Math.log(tmp);
        double ser = 1.000000000190015;
        for (double v : c) {
            ser += v / ++y;
        }
        return -tmp + Math.log(2.5066282746310005 * ser / x);
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s;
    }
}

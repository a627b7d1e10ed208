package org.snoplus.snoop.alarm.engine.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class ComparisonTest {

    @Test
    public void knownValues() {
        // Q(1/2, x/2) is the chi2 tail of one degree of freedom: 3.841 is the 5 % point
        assertEquals(0.05, Comparison.gammaQ(0.5, 3.841 / 2), 1e-4);
        // ten degrees of freedom: 18.307 is the 5 % point
        assertEquals(0.05, Comparison.gammaQ(5, 18.307 / 2), 1e-4);
        // Kolmogorov: Q(1.36) = 0.049
        assertEquals(0.0495, Comparison.kolmogorov(1.36), 1e-3);
        assertEquals(1.0, Comparison.kolmogorov(0.1), 0);
        assertEquals(Math.log(24), Comparison.logGamma(5), 1e-10);
    }

    @Test
    public void identicalHistogramsAgreeAndShiftedOnesDoNot() {
        double[] a = {10, 50, 100, 50, 10};
        double[] b = {20, 100, 200, 100, 20};
        assertEquals(1.0, Comparison.ks(a, b).p(), 1e-9);
        assertEquals(0, Comparison.chi2(a, b).statistic(), 1e-9);
        double[] shifted = {0, 20, 100, 200, 100};
        assertTrue(Comparison.ks(a, shifted).p() < 1e-6);
        assertTrue(Comparison.chi2(a, shifted).p() < 1e-6);
    }
}

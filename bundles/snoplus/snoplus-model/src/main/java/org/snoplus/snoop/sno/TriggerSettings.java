package org.snoplus.snoop.sno;

import java.util.Arrays;

/**
 * The trigger settings (ZDAB bank {@code TRIG}): the MTC/D's trigger mask and thresholds. The
 * components are the 26 words of the bank, in its order, each as the DAQ wrote it.
 *
 * @param triggerMask trigger bits enabled ({@link TriggerBits})
 * @param thresholds the {@value #THRESHOLDS} threshold settings, in the order the DAQ writes them:
 *        N100 lo/med/hi, N20, N20LB, ESUM lo/hi, OWLN, OWLE lo/hi (DAC counts); a copy is returned
 * @param zeros the {@value #THRESHOLDS} words after the thresholds: in SNO the zero levels of the
 *        same triggers; SNO+ DAQ software writes MTCA+ relay masks and spares there
 * @param pulserRate the MTC/D pulser rate register
 * @param controlRegister the MTC/D control register
 * @param lockoutWidth the lockout width register (least time between two GTs)
 * @param prescale the prescale register
 * @param gtid GTID from which these settings apply
 */
public record TriggerSettings(int triggerMask, int[] thresholds, int[] zeros, int pulserRate, int controlRegister,
        int lockoutWidth, int prescale, int gtid) {

    /** Number of thresholds (and of zero words) in the bank. */
    public static final int THRESHOLDS = 10;

    public TriggerSettings {
        if (thresholds.length != THRESHOLDS || zeros.length != THRESHOLDS) {
            throw new IllegalArgumentException("TRIG has " + THRESHOLDS + " thresholds and " + THRESHOLDS
                    + " zeros, not " + thresholds.length + " and " + zeros.length);
        }
        thresholds = thresholds.clone();
        zeros = zeros.clone();
    }

    @Override
    public int[] thresholds() {
        return thresholds.clone();
    }

    @Override
    public int[] zeros() {
        return zeros.clone();
    }

    /** Equal when every word is: the arrays are compared by content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof TriggerSettings t && triggerMask == t.triggerMask
                && Arrays.equals(thresholds, t.thresholds) && Arrays.equals(zeros, t.zeros)
                && pulserRate == t.pulserRate && controlRegister == t.controlRegister
                && lockoutWidth == t.lockoutWidth && prescale == t.prescale && gtid == t.gtid;
    }

    @Override
    public int hashCode() {
        int h = triggerMask;
        h = 31 * h + Arrays.hashCode(thresholds);
        h = 31 * h + Arrays.hashCode(zeros);
        h = 31 * h + pulserRate;
        h = 31 * h + controlRegister;
        h = 31 * h + lockoutWidth;
        h = 31 * h + prescale;
        return 31 * h + gtid;
    }

    @Override
    public String toString() {
        return "TriggerSettings[triggerMask=0x" + Integer.toHexString(triggerMask) + ", thresholds="
                + Arrays.toString(thresholds) + ", zeros=" + Arrays.toString(zeros) + ", pulserRate=" + pulserRate
                + ", controlRegister=0x" + Integer.toHexString(controlRegister) + ", lockoutWidth=" + lockoutWidth
                + ", prescale=" + prescale + ", gtid=" + gtid + "]";
    }
}

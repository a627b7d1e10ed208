package org.snoplus.snoop.sno;

/**
 * The trigger settings (ZDAB bank {@code TRIG}): the MTC/D's trigger mask and thresholds.
 *
 * @param triggerMask trigger bits enabled ({@link TriggerBits})
 * @param thresholds threshold settings, in the order the DAQ writes them (N100 lo/med/hi, N20,
 *        N20LB, ESUM lo/hi, OWLN, OWLE lo/hi), DAC counts; a copy is returned
 * @param zeros zero levels for the same triggers, DAC counts
 * @param pulserRate pulser rate (Hz)
 * @param controlRegister MTC/D control register
 * @param lockoutWidth lockout width (ns)
 * @param prescale prescale factor
 * @param gtid GTID at which these settings took effect
 */
public record TriggerSettings(int triggerMask, int[] thresholds, int[] zeros, int pulserRate, int controlRegister,
        int lockoutWidth, int prescale, int gtid) {

    public TriggerSettings {
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
}

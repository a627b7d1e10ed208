package org.snoplus.snoop.sno;

/**
 * The pedestal and calibration settings (ZDAB bank {@code EPED}): what charge and time mean
 * until the next one.
 *
 * @param gateWidth integration gate width (ns)
 * @param gateDelay GT delay (ns)
 * @param pedestalDelay pedestal delay (ns)
 * @param calibrationType calibration type (0 when not calibrating)
 * @param step calibration step (e.g. the position in a pedestal scan)
 * @param flag run flag word
 * @param gtid GTID at which these settings took effect
 */
public record PedestalSettings(int gateWidth, int gateDelay, int pedestalDelay, int calibrationType, int step,
        int flag, int gtid) {
}

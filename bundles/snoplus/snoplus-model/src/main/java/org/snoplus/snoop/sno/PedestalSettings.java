package org.snoplus.snoop.sno;

/**
 * The pedestal and calibration settings (ZDAB bank {@code EPED}): what charge and time mean until
 * the next one. The components are the eight words of the bank, in its order, each as the DAQ
 * wrote it (raw register and DAC values).
 *
 * @param pedestalWidth width of the pedestal pulse
 * @param coarseDelay coarse delay of the pedestal pulse after the GT
 * @param fineDelay fine delay of the pedestal pulse (steps of a TAC slope scan)
 * @param chargeDac charge-injection DAC setting
 * @param halfCrate the half crate enabled for pedestals: crate in bits 0..6, bit 7 set for cards 8..15
 * @param calibrationType 1 charge slope, 2 time slope, 3 pedestal, 4 slow pedestal (0 when not calibrating)
 * @param gtid GTID from which these settings apply
 * @param flag 1 start, 2 change, 3 stop (of a crate), 4 end (of all crates) of a calibration
 */
public record PedestalSettings(int pedestalWidth, int coarseDelay, int fineDelay, int chargeDac, int halfCrate,
        int calibrationType, int gtid, int flag) {
}

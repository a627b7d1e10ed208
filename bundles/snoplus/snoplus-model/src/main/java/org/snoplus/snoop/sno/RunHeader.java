package org.snoplus.snoop.sno;

/**
 * The run header (ZDAB bank {@code RHDR}): written at the start of every run and sub-run. The
 * components are the first ten words of the bank, in its order; every word is an unsigned 32-bit
 * value (the masks are given as {@code long}, 0..2<sup>32</sup>-1; the other {@code int}s hold the
 * word as it is, so a value above 2<sup>31</sup>-1 reads negative). The eight spare words that follow
 * in the bank are not kept.
 *
 * @param date start date as the DAQ writes it ({@code yyyymmdd})
 * @param time start time as the DAQ writes it ({@code hhmmsscc})
 * @param daqVersion the word SNO named DAQCodeVersion; SNO+ software reads the sub-run number from it
 * @param run run number
 * @param calibrationTrial calibration trial number
 * @param sourceMask calibration sources in use (bits)
 * @param runMask run type bits
 * @param crateMask crates in the GT (bit {@code c} for crate {@code c})
 * @param firstGtid first GTID of the run
 * @param validGtid first GTID with valid data (after the hardware changes of the run start)
 */
public record RunHeader(int date, int time, int daqVersion, int run, int calibrationTrial, long sourceMask,
        long runMask, long crateMask, int firstGtid, int validGtid) {
}

package org.snoplus.snoop.sno;

/**
 * The run header (ZDAB bank {@code RHDR}, dispatcher record {@code RHDR}): written at the start of
 * every run and subrun.
 *
 * @param date start date as the DAQ writes it ({@code yyyymmdd})
 * @param time start time as the DAQ writes it ({@code hhmmsscc})
 * @param daqVersion DAQ code version
 * @param run run number
 * @param subrun subrun number
 * @param calibrationTrial calibration trial id
 * @param sourceMask calibration sources in use
 * @param runMask run type bits
 * @param crateMask crates in the GT
 * @param firstGtid first GTID of the run
 * @param validGtid first GTID with valid data
 */
public record RunHeader(int date, int time, int daqVersion, int run, int subrun, int calibrationTrial,
        long sourceMask, long runMask, long crateMask, int firstGtid, int validGtid) {
}

package org.snoplus.snoop.sno.synthetic;

/**
 * What the synthetic detector simulates. Start from {@link #defaults()} and change what matters:
 * {@code DetectorSettings.defaults().withSeed(7).withRate(2000)}. Two detectors built from equal
 * settings produce identical streams.
 *
 * @param seed the seed of everything random: the dead and hot channels, pedestals, events
 * @param rate mean trigger rate (Hz) that the clocks advance by; inter-event times are
 *        exponential, after a 420 ns lockout (which only matters at hundreds of kHz)
 * @param run the run number of the first run
 * @param subrunEvents events in a subrun (orphans included); 0 for one subrun
 * @param subrunsPerRun subruns in a run, after which the run number goes up by one; 0 for one run
 * @param firstGtid GTID of the first trigger, 0..2^24-1; -1 for a value drawn from the seed
 * @param mix the weights of the kinds of event
 * @param prescale every {@code prescale}-th trigger above the N100L threshold carries PRESCL; 0
 *        for none
 * @param deadChannels PMT channels that never see a hit (one whole card per 200 of them, the rest
 *        scattered), 0..{@value #MAX_DEAD_CHANNELS}
 * @param hotChannels channels hit in 30–80% of triggered events on top of their share,
 *        0..{@value #MAX_HOT_CHANNELS}
 * @param faults how often the faults occur
 * @param startMillis wall-clock time of the first event (ms since the epoch); the run headers'
 *        date and time follow it and the simulated time
 */
public record DetectorSettings(long seed, double rate, int run, int subrunEvents, int subrunsPerRun, int firstGtid,
        TriggerMix mix, int prescale, int deadChannels, int hotChannels, FaultRates faults, long startMillis) {

    public static final int MAX_DEAD_CHANNELS = 4000;
    public static final int MAX_HOT_CHANNELS = 100;
    /** Fastest trigger rate: one a nanosecond. */
    public static final double MAX_RATE = 1e9;
    /** GTIDs are 24 bits. */
    public static final int GTID_COUNT = 1 << 24;

    private static final DetectorSettings DEFAULTS = new DetectorSettings(1, 1000, 300_000, 60_000, 0, -1,
            TriggerMix.DEFAULT, 100, 400, 4, FaultRates.DEFAULT, 1_767_225_600_000L /* 2026-01-01T00:00Z */);

    public DetectorSettings {
        check(rate > 0 && rate <= MAX_RATE, "rate must be > 0 and at most 1e9 Hz, not " + rate);
        check(run >= 0, "run must be >= 0, not " + run);
        check(subrunEvents >= 0, "subrunEvents must be >= 0, not " + subrunEvents);
        check(subrunsPerRun >= 0, "subrunsPerRun must be >= 0, not " + subrunsPerRun);
        check(firstGtid >= -1 && firstGtid < GTID_COUNT, "firstGtid must be -1 or 0.." + (GTID_COUNT - 1)
                + ", not " + firstGtid);
        check(mix != null, "mix is required");
        check(prescale >= 0, "prescale must be >= 0, not " + prescale);
        check(deadChannels >= 0 && deadChannels <= MAX_DEAD_CHANNELS,
                "deadChannels must be 0.." + MAX_DEAD_CHANNELS + ", not " + deadChannels);
        check(hotChannels >= 0 && hotChannels <= MAX_HOT_CHANNELS,
                "hotChannels must be 0.." + MAX_HOT_CHANNELS + ", not " + hotChannels);
        check(faults != null, "faults is required");
        check(startMillis >= 0, "startMillis must be >= 0, not " + startMillis);
    }

    private static void check(boolean ok, String reason) {
        if (!ok) {
            throw new IllegalArgumentException(reason);
        }
    }

    /**
     * Seed 1, 1 kHz, run 300000 from a GTID drawn from the seed, subruns of 60 000 events (a
     * minute at 1 kHz), {@link TriggerMix#DEFAULT}, prescale 100, 400 dead and 4 hot channels,
     * {@link FaultRates#DEFAULT}, starting 2026-01-01T00:00Z.
     */
    public static DetectorSettings defaults() {
        return DEFAULTS;
    }

    public DetectorSettings withSeed(long v) {
        return new DetectorSettings(v, rate, run, subrunEvents, subrunsPerRun, firstGtid, mix, prescale, deadChannels,
                hotChannels, faults, startMillis);
    }

    public DetectorSettings withRate(double v) {
        return new DetectorSettings(seed, v, run, subrunEvents, subrunsPerRun, firstGtid, mix, prescale, deadChannels,
                hotChannels, faults, startMillis);
    }

    public DetectorSettings withRun(int v) {
        return new DetectorSettings(seed, rate, v, subrunEvents, subrunsPerRun, firstGtid, mix, prescale, deadChannels,
                hotChannels, faults, startMillis);
    }

    public DetectorSettings withSubrunEvents(int v) {
        return new DetectorSettings(seed, rate, run, v, subrunsPerRun, firstGtid, mix, prescale, deadChannels,
                hotChannels, faults, startMillis);
    }

    public DetectorSettings withSubrunsPerRun(int v) {
        return new DetectorSettings(seed, rate, run, subrunEvents, v, firstGtid, mix, prescale, deadChannels,
                hotChannels, faults, startMillis);
    }

    public DetectorSettings withFirstGtid(int v) {
        return new DetectorSettings(seed, rate, run, subrunEvents, subrunsPerRun, v, mix, prescale, deadChannels,
                hotChannels, faults, startMillis);
    }

    public DetectorSettings withMix(TriggerMix v) {
        return new DetectorSettings(seed, rate, run, subrunEvents, subrunsPerRun, firstGtid, v, prescale, deadChannels,
                hotChannels, faults, startMillis);
    }

    public DetectorSettings withPrescale(int v) {
        return new DetectorSettings(seed, rate, run, subrunEvents, subrunsPerRun, firstGtid, mix, v, deadChannels,
                hotChannels, faults, startMillis);
    }

    public DetectorSettings withDeadChannels(int v) {
        return new DetectorSettings(seed, rate, run, subrunEvents, subrunsPerRun, firstGtid, mix, prescale, v,
                hotChannels, faults, startMillis);
    }

    public DetectorSettings withHotChannels(int v) {
        return new DetectorSettings(seed, rate, run, subrunEvents, subrunsPerRun, firstGtid, mix, prescale,
                deadChannels, v, faults, startMillis);
    }

    public DetectorSettings withFaults(FaultRates v) {
        return new DetectorSettings(seed, rate, run, subrunEvents, subrunsPerRun, firstGtid, mix, prescale,
                deadChannels, hotChannels, v, startMillis);
    }

    public DetectorSettings withStartMillis(long v) {
        return new DetectorSettings(seed, rate, run, subrunEvents, subrunsPerRun, firstGtid, mix, prescale,
                deadChannels, hotChannels, faults, v);
    }
}

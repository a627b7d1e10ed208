package org.snoplus.snoop.reader.synthetic.internal;

import static org.snoplus.snoop.reader.support.ReaderConfig.check;
import static org.snoplus.snoop.reader.support.ReaderConfig.number;
import static org.snoplus.snoop.reader.support.ReaderConfig.value;

import java.util.function.Supplier;

import org.snoplus.snoop.reader.support.ReaderConfig;
import org.snoplus.snoop.sno.synthetic.DetectorSettings;
import org.snoplus.snoop.sno.synthetic.FaultRates;
import org.snoplus.snoop.sno.synthetic.TriggerMix;

/**
 * The reader's configuration, validated: a value that makes no sense is rejected with its key and
 * the reason, so that the shifter sees which line of the .cfg file to fix.
 *
 * @param detector what to simulate
 * @param rate events per second to publish at, 0 for as fast as possible
 * @param events events to publish, 0 for no end
 * @param batch most events in one publish
 */
record SyntheticReaderSettings(DetectorSettings detector, double rate, long events, int batch) {

    /** The clocks' rate when publishing as fast as possible. */
    static final double UNPACED_CLOCK_RATE = 1000;

    static SyntheticReaderSettings from(SyntheticReaderConfig c, long startMillis) {
        double rate = value("rate", c::rate);
        check(Double.isFinite(rate) && rate >= 0 && rate <= DetectorSettings.MAX_RATE,
                "rate must be between 0 and 1e9 Hz, not " + number(rate));
        int run = value("run", c::run);
        check(run >= 0, "run must be >= 0, not " + run);
        int subrunEvents = value("subrun.events", c::subrun_events);
        check(subrunEvents >= 0, "subrun.events must be >= 0 (0: one subrun), not " + subrunEvents);
        int subruns = value("run.subruns", c::run_subruns);
        check(subruns >= 0, "run.subruns must be >= 0 (0: one run), not " + subruns);
        long events = value("events", c::events);
        check(events >= 0, "events must be >= 0 (0: forever), not " + events);
        String mixText = value("mix", c::mix);
        TriggerMix mix;
        try {
            mix = TriggerMix.parse(mixText);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad configuration: mix " + e.getMessage(), e);
        }
        int prescale = value("prescale", c::prescale);
        check(prescale >= 0, "prescale must be >= 0 (0: no PRESCL), not " + prescale);
        int gtid = value("gtid", c::gtid);
        check(gtid >= -1 && gtid < DetectorSettings.GTID_COUNT,
                "gtid must be -1 or 0.." + (DetectorSettings.GTID_COUNT - 1) + ", not " + gtid);
        int dead = value("dead.channels", c::dead_channels);
        check(dead >= 0 && dead <= DetectorSettings.MAX_DEAD_CHANNELS,
                "dead.channels must be between 0 and " + DetectorSettings.MAX_DEAD_CHANNELS + ", not " + dead);
        int hot = value("hot.channels", c::hot_channels);
        check(hot >= 0 && hot <= DetectorSettings.MAX_HOT_CHANNELS,
                "hot.channels must be between 0 and " + DetectorSettings.MAX_HOT_CHANNELS + ", not " + hot);
        FaultRates faults = new FaultRates(probability("gtid.skip", c::gtid_skip),
                probability("clock.glitch", c::clock_glitch), probability("hit.cgt.es16", c::hit_cgt_es16),
                probability("hit.cgt.es24", c::hit_cgt_es24), probability("hit.cmos.es16", c::hit_cmos_es16),
                probability("hit.missed", c::hit_missed), probability("hit.lgi.select", c::hit_lgi_select));
        int batch = value("batch", c::batch);
        ReaderConfig.batch(batch);
        long seed = value("seed", c::seed);

        DetectorSettings d = new DetectorSettings(seed, rate > 0 ? rate : UNPACED_CLOCK_RATE, run, subrunEvents,
                subruns, gtid, mix, prescale, dead, hot, faults, startMillis);
        return new SyntheticReaderSettings(d, rate, events, batch);
    }

    private static double probability(String key, Supplier<Double> getter) {
        double p = value(key, getter);
        check(p >= 0 && p <= 1, key + " must be a probability between 0 and 1, not " + number(p));
        return p;
    }
}

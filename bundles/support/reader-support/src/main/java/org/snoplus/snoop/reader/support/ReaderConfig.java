package org.snoplus.snoop.reader.support;

import java.util.Map;
import java.util.function.Supplier;

import org.slf4j.Logger;

/**
 * A reader component's configuration, read the same way in every reader: each value read under
 * its key (a value the configuration admin could not convert fails naming it), each rule checked
 * with the project's error form ({@code bad configuration: <key> ...}), the rejection logged with
 * the component's PID so that the shifter sees which {@code .cfg} file to fix, and rates written
 * back as the shifter wrote them. Also the descriptions of the keys that file readers share.
 */
public final class ReaderConfig {

    /** Beyond this a batch only holds events back from the processors longer; it buys no speed. */
    public static final int MAX_BATCH = 65_536;

    public static final String RATE = "Events per second to replay at; 0 reads as fast as the event loop takes them.";
    public static final String LOOP = "Start again at the first file after the last one (for demos).";
    public static final String BATCH = "Most events handed to the event loop in one step. Smaller batches are used "
            + "at low rates, so that events are not held back.";

    private ReaderConfig() {
    }

    /**
     * Validates a configuration at activation: returns what {@code validate} makes of it, or logs
     * the reason with the component's PID and rethrows, so that SCR does not activate the reader.
     */
    public static <S> S activate(Map<String, Object> properties, Supplier<S> validate, Logger log) {
        try {
            return validate.get();
        } catch (IllegalArgumentException e) {
            log.error("{}: {}", properties.get("service.pid"), e.getMessage());
            throw e;
        }
    }

    /** A value the configuration admin could not convert ({@code rate=fast}) fails here, named. */
    public static <T> T value(String key, Supplier<T> getter) {
        try {
            return getter.get();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad configuration: " + key + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** Rejects a configuration: {@code "bad configuration: <reason>"}; the reason starts with the key. */
    public static void check(boolean ok, String reason) {
        if (!ok) {
            throw new IllegalArgumentException("bad configuration: " + reason);
        }
    }

    /** Checks the {@code batch} key. */
    public static int batch(int batch) {
        check(batch >= 1 && batch <= MAX_BATCH, "batch must be between 1 and " + MAX_BATCH + ", not " + batch);
        return batch;
    }

    /** 100.0 as "100": the way the value was most likely written in the .cfg file. */
    public static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    /** For {@code describe()}: " (100/s)", or " (as fast as possible)". */
    public static String pace(double rate) {
        return rate > 0 ? " (" + number(rate) + "/s)" : " (as fast as possible)";
    }
}

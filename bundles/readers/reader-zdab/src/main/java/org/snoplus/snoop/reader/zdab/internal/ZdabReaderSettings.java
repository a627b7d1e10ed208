package org.snoplus.snoop.reader.zdab.internal;

import java.util.function.Supplier;

import org.snoplus.snoop.reader.support.SourceFiles;

/**
 * The reader's configuration, validated: a value that makes no sense is rejected with its key and
 * the reason, so that the shifter sees which line of the .cfg file to fix.
 */
record ZdabReaderSettings(String file, double rate, boolean loop, boolean follow, int batch) {

    /** Beyond this a batch only holds events back from the processors longer; it buys no speed. */
    static final int MAX_BATCH = 65_536;

    static ZdabReaderSettings from(ZdabReaderConfig c) {
        return of(value("file", c::file), value("rate", c::rate), value("loop", c::loop), value("follow", c::follow),
                value("batch", c::batch));
    }

    static ZdabReaderSettings of(String file, double rate, boolean loop, boolean follow, int batch) {
        check(file != null && !file.isBlank(), "file is required: a path or a glob such as data/SNOP_*.zdab");
        check(Double.isFinite(rate) && rate >= 0, "rate must be >= 0, not " + number(rate));
        check(batch >= 1 && batch <= MAX_BATCH, "batch must be between 1 and " + MAX_BATCH + ", not " + batch);
        check(!(loop && follow), "loop and follow cannot both be true: a followed run has no end to loop from");
        SourceFiles.check(file.trim());
        return new ZdabReaderSettings(file.trim(), rate, loop, follow, batch);
    }

    /** A value the configuration admin could not convert (rate=fast) fails here, named. */
    private static <T> T value(String key, Supplier<T> getter) {
        try {
            return getter.get();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad configuration: " + key + " cannot be read: " + e.getMessage(), e);
        }
    }

    static void check(boolean ok, String reason) {
        if (!ok) {
            throw new IllegalArgumentException("bad configuration: " + reason);
        }
    }

    /** 100.0 as "100": the way the value was most likely written in the .cfg file. */
    static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}

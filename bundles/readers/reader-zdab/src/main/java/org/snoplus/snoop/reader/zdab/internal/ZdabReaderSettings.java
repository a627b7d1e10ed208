package org.snoplus.snoop.reader.zdab.internal;

import static org.snoplus.snoop.reader.support.ReaderConfig.check;
import static org.snoplus.snoop.reader.support.ReaderConfig.number;
import static org.snoplus.snoop.reader.support.ReaderConfig.value;

import org.snoplus.snoop.reader.support.ReaderConfig;
import org.snoplus.snoop.reader.support.SourceFiles;

/**
 * The reader's configuration, validated: a value that makes no sense is rejected with its key and
 * the reason, so that the shifter sees which line of the .cfg file to fix.
 */
record ZdabReaderSettings(String file, double rate, boolean loop, boolean follow, int batch) {

    static ZdabReaderSettings from(ZdabReaderConfig c) {
        return of(value("file", c::file), value("rate", c::rate), value("loop", c::loop), value("follow", c::follow),
                value("batch", c::batch));
    }

    static ZdabReaderSettings of(String file, double rate, boolean loop, boolean follow, int batch) {
        check(file != null && !file.isBlank(), "file is required: a path or a glob such as data/SNOP_*.zdab");
        check(Double.isFinite(rate) && rate >= 0, "rate must be >= 0, not " + number(rate));
        ReaderConfig.batch(batch);
        check(!(loop && follow), "loop and follow cannot both be true: a followed run has no end to loop from");
        SourceFiles.check(file.trim());
        return new ZdabReaderSettings(file.trim(), rate, loop, follow, batch);
    }
}

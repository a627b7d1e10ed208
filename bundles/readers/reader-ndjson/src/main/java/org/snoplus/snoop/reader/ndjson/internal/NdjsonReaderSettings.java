package org.snoplus.snoop.reader.ndjson.internal;

import static org.snoplus.snoop.reader.support.ReaderConfig.check;
import static org.snoplus.snoop.reader.support.ReaderConfig.number;
import static org.snoplus.snoop.reader.support.ReaderConfig.value;

import org.snoplus.snoop.reader.support.ReaderConfig;
import org.snoplus.snoop.reader.support.SourceFiles;

/**
 * The reader's configuration, validated: a value that makes no sense is rejected with its key and
 * the reason, so that the shifter sees which line of the .cfg file to fix.
 */
record NdjsonReaderSettings(String file, double rate, boolean loop, int batch) {

    static NdjsonReaderSettings from(NdjsonReaderConfig c) {
        return of(value("file", c::file), value("rate", c::rate), value("loop", c::loop), value("batch", c::batch));
    }

    static NdjsonReaderSettings of(String file, double rate, boolean loop, int batch) {
        check(file != null && !file.isBlank(), "file is required: a path or a glob such as data/*.ndjson.gz");
        check(Double.isFinite(rate) && rate >= 0, "rate must be >= 0, not " + number(rate));
        ReaderConfig.batch(batch);
        SourceFiles.check(file.trim());
        return new NdjsonReaderSettings(file.trim(), rate, loop, batch);
    }
}

package org.snoplus.snoop.reader.dispatcher.internal;

import org.snoplus.snoop.reader.Reader;

/** The dispatcher reader as its component makes it, for the benchmarks (same package: its constructor is not public). */
public final class DispatcherReaders {

    private DispatcherReaders() {
    }

    /** A reader of {@code 127.0.0.1:port} with {@code subscription} and the component's other defaults. */
    public static Reader loopback(int port, String subscription) {
        return new DispatcherReader(DispatcherReaderSettings.of("127.0.0.1", port, subscription, "BENCH", 1024, 10, 30,
                250, 10_000, 256));
    }
}

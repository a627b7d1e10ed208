package org.snoplus.snoop.store.couchdb.internal;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.SimpleFormatter;

/**
 * Everything logged while it is open: SLF4J (slf4j-simple writes to {@code System.err}, looked up
 * at each line) and java.util.logging (where commons-logging, and so LightCouch and HttpClient,
 * go), at every level the loggers let through. Standard error is still printed.
 */
final class CapturedLog implements Closeable {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream originalErr = System.err;
    private final StringBuffer jul = new StringBuffer();
    private final java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
    private final Handler handler = new Handler() {
        private final SimpleFormatter format = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            jul.append(format.format(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    CapturedLog() {
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (bytes) {
                    bytes.write(b);
                }
                originalErr.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (bytes) {
                    bytes.write(b, off, len);
                }
                originalErr.write(b, off, len);
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
        root.addHandler(handler);
    }

    String text() {
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.UTF_8) + jul;
        }
    }

    @Override
    public void close() {
        System.setErr(originalErr);
        root.removeHandler(handler);
    }
}

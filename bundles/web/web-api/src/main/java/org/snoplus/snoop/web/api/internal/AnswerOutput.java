package org.snoplus.snoop.web.api.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

import org.snoplus.snoop.query.AnswerTooLargeException;
import org.snoplus.snoop.query.QueryLimits;

/**
 * The body of an answer on its way out. The first {@code buffer} bytes are held, so that a small
 * answer goes out whole, with its length and its ETag; beyond them the answer is streamed: the
 * status and headers go ({@link #spill}) and every byte follows as it is written. Bytes beyond the
 * budget fail the answer ({@link AnswerTooLargeException}); the limits are checked as it goes, so
 * that a slow or vanished client stops the work too.
 */
final class AnswerOutput extends OutputStream {

    /** Sends the status and the headers of a streamed answer, and returns where its body goes. */
    interface Spill {
        OutputStream start() throws IOException;
    }

    private final int buffer;
    private final QueryLimits limits;
    private final Spill spill;
    private final String parameter;
    private byte[] held = new byte[1024];
    private int size;
    private long total;
    private OutputStream out;

    /**
     * @param parameter what to narrow when the budget is exceeded
     */
    AnswerOutput(int buffer, QueryLimits limits, String parameter, Spill spill) {
        this.buffer = buffer;
        this.limits = limits;
        this.parameter = parameter;
        this.spill = spill;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        total += len;
        if (total > limits.maxBytes()) {
            throw new AnswerTooLargeException(parameter, limits.maxBytes(), "the answer grew beyond its budget of "
                    + limits.maxBytes() + " bytes: narrow " + parameter);
        }
        limits.check();
        if (out != null) {
            out.write(b, off, len);
            return;
        }
        if (size + len <= buffer) {
            if (size + len > held.length) {
                held = Arrays.copyOf(held, Math.min(buffer, Math.max(held.length * 2, size + len)));
            }
            System.arraycopy(b, off, held, size, len);
            size += len;
            return;
        }
        out = spill.start();
        out.write(held, 0, size);
        held = null;
        out.write(b, off, len);
    }

    /** Whether the answer is being streamed (its status and headers went). */
    boolean streaming() {
        return out != null;
    }

    /** The bytes held, when not streaming. */
    byte[] held() {
        return Arrays.copyOf(held, size);
    }

    @Override
    public void flush() throws IOException {
        if (out != null) {
            out.flush();
        }
    }
}

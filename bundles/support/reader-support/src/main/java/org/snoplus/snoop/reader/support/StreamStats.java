package org.snoplus.snoop.reader.support;

import java.util.Locale;

/**
 * What a network reader shows in {@code snoop:status} beside the framework's event count and
 * rate: messages and bytes per second, how long ago the last message came, and the messages it
 * skipped because they were of a kind no processor reads. Written by the reader's thread only
 * ({@link #received}, {@link #skipped}); read by anyone ({@link #summary}).
 *
 * <p>Rates are over whole seconds: each {@link #received} call that crosses a second boundary
 * turns the counts since the last boundary into the rates shown; a stream that stops shows its
 * rates falling to 0 at the next {@link #tick}.
 */
public final class StreamStats {

    private static final long SECOND = 1_000_000_000L;

    private long windowStart = System.nanoTime();
    private long windowMessages;
    private long windowBytes;
    private volatile long messages;
    private volatile long bytes;
    private volatile long skipped;
    private volatile double messageRate;
    private volatile double byteRate;
    /** {@code nanoTime} of the last message; 0 before the first. */
    private volatile long last;

    /** One message of {@code size} bytes has come (reader thread). */
    public void received(int size) {
        long now = System.nanoTime();
        last = now;
        messages++;
        bytes += size;
        windowMessages++;
        windowBytes += size;
        if (now - windowStart >= SECOND) {
            roll(now);
        }
    }

    /** A message of a kind that is not published (reader thread). */
    public void skipped() {
        skipped++;
    }

    /** Lets the rates fall when nothing comes (reader thread, from its idle loop). */
    public void tick() {
        long now = System.nanoTime();
        if (now - windowStart >= SECOND) {
            roll(now);
        }
    }

    private void roll(long now) {
        double s = (now - windowStart) / 1e9;
        if (windowMessages == 0 && now - last > SECOND) {
            messageRate = 0; // a stream that stopped: not its last second's rate for ever
            byteRate = 0;
            windowStart = now;
            return;
        }
        messageRate = windowMessages / s;
        byteRate = windowBytes / s;
        windowMessages = 0;
        windowBytes = 0;
        windowStart = now;
    }

    public long messages() {
        return messages;
    }

    public long bytes() {
        return bytes;
    }

    public long skippedMessages() {
        return skipped;
    }

    public double messageRate() {
        return messageRate;
    }

    public double byteRate() {
        return byteRate;
    }

    /** Seconds since the last message, or -1 before the first. */
    public double silentSeconds() {
        long l = last;
        return l == 0 ? -1 : (System.nanoTime() - l) / 1e9;
    }

    /** "1003 msg/s, 1.2 MB/s, last 0.1 s ago[, 3 skipped]" */
    public String summary() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%.0f msg/s, %s/s", messageRate, bytes(byteRate)));
        double silent = silentSeconds();
        b.append(silent < 0 ? ", nothing received yet" : String.format(Locale.ROOT, ", last %.1f s ago", silent));
        long s = skipped;
        if (s > 0) {
            b.append(", ").append(s).append(" skipped (not read by processors)");
        }
        return b.toString();
    }

    /** 1234567 as "1.2 MB". */
    public static String bytes(double n) {
        if (n < 1e3) {
            return String.format(Locale.ROOT, "%.0f B", n);
        }
        if (n < 1e6) {
            return String.format(Locale.ROOT, "%.1f kB", n / 1e3);
        }
        return String.format(Locale.ROOT, "%.1f MB", n / 1e6);
    }
}

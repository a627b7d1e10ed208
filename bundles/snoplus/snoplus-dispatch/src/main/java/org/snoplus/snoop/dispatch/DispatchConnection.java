package org.snoplus.snoop.dispatch;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * A subscriber's connection to a dispatcher: control frames out, data frames in. Frames are read
 * into one buffer that is reused (nothing is allocated per frame): after {@link #next()} answers
 * true, {@link #tag()}, {@link #buffer()}, {@link #offset()} and {@link #size()} name the frame
 * until the next call. Reading is by one thread; {@link #send} may be called by any thread.
 *
 * <p>Bounds: a frame's payload above {@code maxPayload} is read past and reported
 * ({@link #oversized()}), never buffered; the buffer is {@code max(256 kB, maxPayload + 12)}. A
 * negative size or a tag that is not one is a {@link ProtocolException}: the stream is out of
 * step and the connection must be dropped.
 */
public final class DispatchConnection implements Closeable {

    private static final int MIN_BUFFER = 256 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final int maxPayload;
    private final byte[] buf;
    private int start;
    private int end;
    /** Payload bytes of an oversized frame still to read past. */
    private long skipping;
    private long skippedTag;
    private int skippedSize;
    private boolean oversized;

    private long tag;
    private int offset;
    private int size;
    private long frames;
    private long bytes;

    private DispatchConnection(Socket socket, int maxPayload) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.maxPayload = maxPayload;
        this.buf = new byte[Math.max(MIN_BUFFER, maxPayload + Frames.HEADER_BYTES)];
    }

    /**
     * Connects.
     *
     * @param readTimeoutMs how long {@link #next()} waits for bytes before answering false
     * @param maxPayload the largest payload read; larger ones are read past
     */
    public static DispatchConnection connect(String host, int port, int connectTimeoutMs, int readTimeoutMs,
            int maxPayload) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.setKeepAlive(true);
            s.setReceiveBufferSize(1 << 20);
            s.connect(new InetSocketAddress(host, port), connectTimeoutMs);
            s.setSoTimeout(readTimeoutMs);
            return new DispatchConnection(s, maxPayload);
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Sends a frame (any thread; frames are not interleaved). */
    public void send(long tag, byte[] payload, int off, int len) throws IOException {
        byte[] f = Frames.frame(tag, payload, off, len);
        synchronized (out) {
            out.write(f);
            out.flush();
        }
    }

    /** Subscribes: {@code "w RAWDATA w RECHDR"}. */
    public void subscribe(String subscription) throws IOException {
        sendText(Frames.SUBSCRIBE, subscription);
    }

    /** Asks for every frame without asking for each ({@code Always}). */
    public void always() throws IOException {
        sendText(Frames.ALWAYS, "");
    }

    /** Names this client to the dispatcher ({@code MyId}). */
    public void myId(String id) throws IOException {
        sendText(Frames.MY_ID, id);
    }

    private void sendText(long tag, String text) throws IOException {
        byte[] f = Frames.frame(tag, text);
        synchronized (out) {
            out.write(f);
            out.flush();
        }
    }

    /**
     * Reads the next frame.
     *
     * @return true when a frame is there; false when no whole frame came within the read timeout
     *         (what came of one is kept), or when an oversized frame was read past ({@link #oversized()})
     * @throws ProtocolException when a header is not one
     * @throws IOException when the connection ended or failed
     */
    public boolean next() throws IOException {
        oversized = false;
        if (skipping > 0 && !skip()) {
            return false;
        }
        if (oversized) {
            return false;
        }
        if (!fill(Frames.HEADER_BYTES)) {
            return false;
        }
        long t = Frames.tag(buf, start);
        int n = Frames.size(buf, start);
        if (!Frames.isTag(t)) {
            throw new ProtocolException("a frame header with tag " + Frames.name(t) + " and size " + n
                    + ": not a dispatcher, or the stream is out of step");
        }
        if (n < 0) {
            throw new ProtocolException("a " + Frames.name(t) + " frame of size " + n
                    + ": a shared-memory delivery ('m' subscription) or a corrupt stream");
        }
        if (n > maxPayload) {
            start += Frames.HEADER_BYTES;
            skipping = n;
            skippedTag = t;
            skippedSize = n;
            skip();
            return false;
        }
        if (!fill(Frames.HEADER_BYTES + n)) {
            return false;
        }
        tag = t;
        offset = start + Frames.HEADER_BYTES;
        size = n;
        start = offset + n;
        frames++;
        bytes += Frames.HEADER_BYTES + n;
        return true;
    }

    /** Reads past an oversized payload; true once it is behind. */
    private boolean skip() throws IOException {
        while (skipping > 0) {
            int have = end - start;
            if (have > 0) {
                int k = (int) Math.min(have, skipping);
                start += k;
                skipping -= k;
                bytes += k;
                continue;
            }
            start = 0;
            end = 0;
            if (!readMore()) {
                return false;
            }
        }
        oversized = true;
        bytes += Frames.HEADER_BYTES;
        return true;
    }

    /** Whether the last {@link #next()} read past a frame above the bound (then {@link #oversizedTag()}...). */
    public boolean oversized() {
        return oversized;
    }

    public long oversizedTag() {
        return skippedTag;
    }

    public int oversizedSize() {
        return skippedSize;
    }

    /** Makes {@code n} bytes from {@code start} available; false on a read timeout. */
    private boolean fill(int n) throws IOException {
        while (end - start < n) {
            if (buf.length - start < n) {
                System.arraycopy(buf, start, buf, 0, end - start);
                end -= start;
                start = 0;
            }
            if (!readMore()) {
                return false;
            }
        }
        return true;
    }

    private boolean readMore() throws IOException {
        int k;
        try {
            k = in.read(buf, end, buf.length - end);
        } catch (SocketTimeoutException e) {
            return false;
        }
        if (k < 0) {
            throw new IOException("the dispatcher closed the connection");
        }
        end += k;
        return true;
    }

    /**
     * Whether a whole frame header is already in the buffer (no read from the socket is needed to
     * start the next frame): when false, a reader should publish what it holds before it waits.
     */
    public boolean hasBuffered() {
        return end - start >= Frames.HEADER_BYTES;
    }

    public long tag() {
        return tag;
    }

    public byte[] buffer() {
        return buf;
    }

    public int offset() {
        return offset;
    }

    public int size() {
        return size;
    }

    /** Frames read so far. */
    public long frames() {
        return frames;
    }

    /** Bytes read so far, headers included. */
    public long bytes() {
        return bytes;
    }

    /**
     * Bytes received but not yet read as frames: in this connection's buffer and in the
     * operating system's socket buffer (how far this reader is behind the dispatcher).
     */
    public long backlog() {
        long inKernel;
        try {
            inKernel = in.available();
        } catch (IOException e) {
            inKernel = 0;
        }
        return end - start + inKernel;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

package org.snoplus.snoop.dispatch;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small dispatcher, for demos and tests (the real one is {@code disp}'s {@code dispatch}):
 * clients connect, subscribe ({@code Subscrib "w RAWDATA a RECHDR"}, {@code Always},
 * {@code MyId}) and receive every frame published with a tag they subscribed to; a frame a client
 * sends with another tag is published to the subscribers of that tag, as the dispatcher does.
 *
 * <p>Each client has a queue bounded in bytes ({@code queueBytes}): for a {@code w} subscription a
 * frame that does not fit is dropped for that client and counted (a slow client never slows the
 * others); for an {@code a} subscription the publisher waits for room (the replay then goes at the
 * pace of the slowest {@code a} client). At most {@link #MAX_CLIENTS} clients; a control frame
 * above 1 MB, a bad tag or a negative size drops its client, as the dispatcher does. Listens on the
 * loopback interface only unless told otherwise.
 */
public final class DispatchServer implements Closeable {

    /** Clients served at once; more are refused (closed at once). */
    public static final int MAX_CLIENTS = 64;

    private final ServerSocket server;
    private final long queueBytes;
    private final List<Client> clients = new CopyOnWriteArrayList<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final Thread acceptor;
    private volatile boolean closed;

    /**
     * Listens on {@code address}:{@code port} (port 0: a free one).
     *
     * @param queueBytes the bound of each client's queue
     */
    public DispatchServer(InetAddress address, int port, long queueBytes) throws IOException {
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(address, port), 50);
        this.queueBytes = queueBytes;
        this.acceptor = new Thread(this::accept, "dispatch-accept-" + server.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** On the loopback interface, with 16 MB per client. */
    public DispatchServer(int port) throws IOException {
        this(InetAddress.getLoopbackAddress(), port, 16L << 20);
    }

    public int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket s = server.accept();
                if (clients.size() >= MAX_CLIENTS) {
                    s.close(); // bounded: two threads and a queue per client
                    refused.incrementAndGet();
                    continue;
                }
                s.setTcpNoDelay(true);
                s.setSendBufferSize(1 << 20);
                Client c = new Client(s);
                clients.add(c);
                c.start();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    /**
     * Publishes a frame (header included) to every client subscribed to {@code tag}; waits for
     * room at {@code a} subscribers.
     *
     * @return the clients it was queued for
     */
    public int publish(long tag, byte[] frame) throws InterruptedException {
        int n = 0;
        for (Client c : clients) {
            Character mode = c.subscriptions.get(tag);
            if (mode != null && c.always && c.offer(frame, mode == 'a')) {
                n++;
            }
        }
        return n;
    }

    /** Publishes a payload under {@code tag}. */
    public int publish(String tag, byte[] payload) throws InterruptedException {
        long t = Frames.tag(tag);
        return publish(t, Frames.frame(t, payload, 0, payload.length));
    }

    /** Sends bytes as they are to every client subscribed to anything (for tests of bad frames). */
    public void sendRaw(byte[] bytes) throws InterruptedException {
        for (Client c : clients) {
            if (!c.subscriptions.isEmpty()) {
                c.offer(bytes, true);
            }
        }
    }

    /** Clients that subscribed to {@code tag} and asked for {@code Always}. */
    public int subscribers(long tag) {
        int n = 0;
        for (Client c : clients) {
            if (c.always && c.subscriptions.containsKey(tag)) {
                n++;
            }
        }
        return n;
    }

    /** The names clients gave ({@code MyId}), in connection order. */
    public List<String> clientNames() {
        return clients.stream().map(c -> c.id).toList();
    }

    /** Frames dropped for {@code w} clients whose queue was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Connections refused because {@link #MAX_CLIENTS} were served. */
    public long refused() {
        return refused.get();
    }

    /** Frames written to clients. */
    public long sent() {
        return sent.get();
    }

    /** Drops every client's connection (they may connect again). */
    public void dropClients() {
        for (Client c : clients) {
            c.close();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException e) {
            // closing anyway
        }
        dropClients();
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One connection: a thread reading its control frames, one writing its queue. */
    private final class Client {
        final Socket socket;
        final Map<Long, Character> subscriptions = new java.util.concurrent.ConcurrentHashMap<>();
        volatile boolean always;
        volatile String id = "";
        private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
        private long queued;
        private volatile boolean gone;

        Client(Socket socket) {
            this.socket = socket;
        }

        void start() {
            Thread r = new Thread(this::readControl, "dispatch-client-in-" + socket.getPort());
            Thread w = new Thread(this::write, "dispatch-client-out-" + socket.getPort());
            r.setDaemon(true);
            w.setDaemon(true);
            r.start();
            w.start();
        }

        /** Queues a frame; false when it was dropped (a full queue of a {@code w} client, or gone). */
        boolean offer(byte[] frame, boolean wait) throws InterruptedException {
            synchronized (queue) {
                while (queued + frame.length > queueBytes && !gone) {
                    if (!wait || queue.isEmpty() && frame.length > queueBytes) {
                        dropped.incrementAndGet();
                        return false;
                    }
                    queue.wait(100);
                }
                if (gone) {
                    return false;
                }
                queue.addLast(frame);
                queued += frame.length;
                queue.notifyAll();
                return true;
            }
        }

        private void write() {
            try (OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 256 * 1024)) {
                while (!gone) {
                    byte[] f;
                    synchronized (queue) {
                        while (queue.isEmpty() && !gone) {
                            queue.wait(100);
                        }
                        if (gone) {
                            return;
                        }
                        f = queue.pollFirst();
                        queued -= f.length;
                        queue.notifyAll();
                    }
                    out.write(f);
                    sent.incrementAndGet();
                    boolean more;
                    synchronized (queue) {
                        more = !queue.isEmpty();
                    }
                    if (!more) {
                        out.flush();
                    }
                }
            } catch (IOException | InterruptedException e) {
                // the client went away
            } finally {
                close();
            }
        }

        private void readControl() {
            try (DataInputStream in = new DataInputStream(socket.getInputStream())) {
                byte[] header = new byte[Frames.HEADER_BYTES];
                while (!gone) {
                    in.readFully(header);
                    long tag = Frames.tag(header, 0);
                    int size = Frames.size(header, 0);
                    if (!Frames.isTag(tag) || size < 0 || size > (1 << 20)) {
                        return; // as the dispatcher does (WrongHdr): the client is dropped
                    }
                    byte[] payload = in.readNBytes(size);
                    if (tag == Frames.SUBSCRIBE) {
                        subscribe(new String(payload, StandardCharsets.US_ASCII));
                    } else if (tag == Frames.ALWAYS || tag == Frames.GIME) {
                        always = true;
                    } else if (tag == Frames.MY_ID) {
                        id = new String(payload, StandardCharsets.US_ASCII).trim();
                    } else {
                        publish(tag, Frames.frame(tag, payload, 0, size));
                    }
                }
            } catch (EOFException e) {
                // gone
            } catch (IOException | InterruptedException e) {
                // gone
            } finally {
                close();
            }
        }

        private void subscribe(String s) {
            Map<Long, Character> next = new HashMap<>();
            String[] words = s.trim().split("\\s+");
            for (int i = 0; i + 1 < words.length; i += 2) {
                char mode = words[i].isEmpty() ? 'w' : words[i].charAt(0);
                try {
                    if (mode == 'a' || mode == 'w') {
                        next.put(Frames.tag(words[i + 1]), mode);
                    }
                } catch (IllegalArgumentException notATag) {
                    // ignored, as the dispatcher ignores what it cannot read
                }
            }
            subscriptions.clear();
            subscriptions.putAll(next);
        }

        void close() {
            gone = true;
            clients.remove(this);
            synchronized (queue) {
                queue.clear();
                queued = 0;
                queue.notifyAll();
            }
            try {
                socket.close();
            } catch (IOException e) {
                // closed
            }
        }
    }
}

package org.snoplus.snoop.shell.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * Runs one Gogo command per connection on a Unix socket, {@code <snoop.data>/shell/shell.sock},
 * for {@code snoop shell "COMMAND"}; only the user running the instance may use it.
 *
 * <p>Who may connect: the socket is mode 0600 in a directory of mode 0700 owned by that user
 * (created so, or made so; a directory owned by anyone else, or a link, disables the shell), and
 * each connection's peer is checked with {@code SO_PEERCRED}, the kernel's record of who connected
 * ({@link ExtendedSocketOptions#SO_PEERCRED}): a peer of another uid — root included — is answered
 * "refused" and logged, even if the modes were loosened by hand.
 *
 * <p>Bounds: each connection is served on a thread of its own, at most {@code clients} at once (one
 * more is answered "busy"); a connection that has not sent its command within
 * {@code read.timeout.ms} is answered with an error and closed, a line longer than
 * {@link ShellSettings#MAX_LINE} is refused, and a command still running after
 * {@code command.timeout.ms} is interrupted and its connection closed. By default only
 * {@link ShellPolicy} commands run.
 *
 * <p>Protocol: the client sends the command as one UTF-8 line; the server sends what the command
 * printed and its result, then a last line {@code "\0exit=N"} (0 ok, 1 the command failed or was
 * refused, 2 the connection was refused, busy or timed out).
 */
@Component(name = "snoop.shell", immediate = true, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ShellConfig.class)
public class RemoteShell {

    static final String DATA_PROPERTY = "snoop.data";
    static final String DIRECTORY = "shell";
    static final String SOCKET = "shell.sock";
    private static final Logger LOG = LoggerFactory.getLogger(RemoteShell.class);

    @Reference
    private CommandProcessor commands;

    /**
     * The instance's log, as the launcher gives it (its standard error before the shell made
     * System.err a stream per thread): the System.err of a command, so that what is logged while it
     * runs goes to the log. Without it (a framework started otherwise), the client's stream.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            target = "(snoop.stream=log)")
    private volatile PrintStream log;

    private volatile ShellSettings settings = ShellSettings.DEFAULTS;
    private static final long BUSY_LOG_NS = 10_000_000_000L;

    private final AtomicInteger active = new AtomicInteger();
    // acceptor thread only
    private long nextBusyLog = System.nanoTime();
    private long busySinceLog;
    private final AtomicLong served = new AtomicLong();
    private ServerSocketChannel server;
    private Path socket;
    private UserPrincipal owner;
    private ScheduledExecutorService watchdog;

    @Activate
    void activate(BundleContext context, ShellConfig config) throws IOException {
        apply(config);
        String data = context.getProperty(DATA_PROPERTY);
        if (data == null) {
            LOG.info("no {} property: 'snoop shell' is not available", DATA_PROPERTY);
            return;
        }
        Path dir = Path.of(data, DIRECTORY);
        socket = dir.resolve(SOCKET);
        Files.createDirectories(dir.getParent());
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
            // checked below
        }
        // the instance lock is held (the launcher takes it first): a socket left here is a dead instance's
        Files.deleteIfExists(socket);
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.bind(UnixDomainSocketAddress.of(socket));
            owner = Files.getOwner(socket, LinkOption.NOFOLLOW_LINKS); // bind made it: this process's user
            PosixFileAttributes d = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (!d.isDirectory() || !d.owner().equals(owner)) {
                throw new IOException(dir + " is " + (d.isDirectory() ? "owned by " + d.owner() : "not a directory")
                        + ", not a directory of " + owner + ": 'snoop shell' is disabled until it is removed");
            }
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException | RuntimeException e) {
            ch.close();
            LOG.error("cannot open the shell socket {}: {}", socket, e.getMessage());
            socket = null;
            return;
        }
        server = ch;
        watchdog = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "snoop-shell-watchdog"));
        daemon(this::accept, "snoop-shell-accept").start();
        LOG.info("shell commands accepted on {} (user {} only, {})", socket, owner,
                settings.allCommands() ? "every Gogo command" : ShellPolicy.ALLOWED);
    }

    @Modified
    void modified(ShellConfig config) {
        apply(config);
    }

    private void apply(ShellConfig config) {
        try {
            ShellSettings next = ShellSettings.from(config);
            if (next.allCommands() != settings.allCommands()) {
                LOG.info("snoop shell: {}", next.allCommands() ? "every Gogo command allowed (all.commands = true)"
                        : "only " + ShellPolicy.ALLOWED);
            }
            settings = next;
        } catch (IllegalArgumentException e) {
            LOG.error("{}; keeping the previous configuration", e.getMessage());
        }
    }

    @Deactivate
    void deactivate() throws IOException {
        if (server != null) {
            server.close();
            watchdog.shutdownNow();
            Files.deleteIfExists(socket);
        }
    }

    private void accept() {
        while (server.isOpen()) {
            SocketChannel client;
            try {
                client = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                LOG.warn("shell: accepting a connection failed: {}", e.getMessage());
                pause();
                continue;
            }
            try {
                admit(client);
            } catch (IOException | RuntimeException e) {
                LOG.warn("shell connection failed: {}", e.getMessage());
                close(client);
            }
        }
    }

    /** Checks the peer and the bound on the acceptor thread, then hands the connection to a thread of its own. */
    private void admit(SocketChannel client) throws IOException {
        UnixDomainPrincipal peer = client.getOption(ExtendedSocketOptions.SO_PEERCRED);
        if (!owner.equals(peer.user())) {
            LOG.warn("shell connection from user {} (group {}) refused: the shell is only for {}", peer.user(),
                    peer.group(), owner);
            answerAndClose(client, "refused: this snoop instance's shell is only for the user who runs it");
            return;
        }
        int max = settings.clients();
        if (active.incrementAndGet() > max) {
            active.decrementAndGet();
            long now = System.nanoTime();
            long next = nextBusyLog;
            if (now - next >= 0) { // at most one line per BUSY_LOG_NS: a loop of clients must not fill the log
                nextBusyLog = now + BUSY_LOG_NS;
                long others = busySinceLog;
                busySinceLog = 0;
                LOG.warn("shell connection turned away: {} clients connected already (clients = {}){}", max, max,
                        others == 0 ? "" : "; " + others + " more turned away before this one");
            } else {
                busySinceLog++;
            }
            answerAndClose(client, "busy: " + max + " shell clients connected already; try again");
            return;
        }
        Thread t = daemon(() -> {
            try {
                serve(client);
            } catch (IOException e) {
                // the client went away, or the watchdog closed the connection (and said so)
                LOG.debug("shell connection ended early: {}", e.toString());
            } finally {
                active.decrementAndGet();
                if (client.isOpen()) {
                    closeLater(client);
                }
            }
        }, "snoop-shell-client-" + served.incrementAndGet());
        t.start();
    }

    private void serve(SocketChannel client) throws IOException {
        ShellSettings s = settings;
        OutputStream raw = Channels.newOutputStream(client);
        PrintStream out = new PrintStream(raw, true, StandardCharsets.UTF_8);
        AtomicBoolean idle = new AtomicBoolean();
        ScheduledFuture<?> readLimit = watchdog.schedule(() -> {
            idle.set(true);
            try {
                client.shutdownInput(); // the blocked read returns end of input; the answer can still be written
            } catch (IOException e) {
                close(client);
            }
        }, s.readTimeoutMs(), TimeUnit.MILLISECONDS);
        String line;
        try {
            line = readLine(client);
        } finally {
            readLimit.cancel(false);
        }
        if (idle.get()) {
            LOG.info("shell client sent no command within {} ms: disconnected", s.readTimeoutMs());
            finish(out, "error: no command received within " + s.readTimeoutMs() + " ms", 2);
            return;
        }
        if (line == null) {
            finish(out, "error: the command is longer than " + ShellSettings.MAX_LINE + " bytes", 1);
            return;
        }
        if (line.isBlank()) {
            finish(out, null, 0);
            return;
        }
        String command = line;
        if (!s.allCommands()) {
            try {
                command = ShellPolicy.check(line);
            } catch (ShellPolicy.Refused e) {
                LOG.warn("shell command refused: {}", e.getMessage());
                finish(out, "refused: " + e.getMessage(), 1);
                return;
            }
        }
        Thread self = Thread.currentThread();
        String running = command;
        ScheduledFuture<?> commandLimit = watchdog.schedule(() -> {
            LOG.warn("shell command '{}' did not end within {} ms (command.timeout.ms): interrupted, connection "
                    + "closed", running, s.commandTimeoutMs());
            self.interrupt();
            close(client);
        }, s.commandTimeoutMs(), TimeUnit.MILLISECONDS);
        int exit = 0;
        // errors reach the client through out (below); System.err during the command is the log's
        PrintStream err = log;
        CommandSession session = commands.createSession(new ByteArrayInputStream(new byte[0]), out,
                err != null ? err : out);
        try {
            Object result = session.execute(command);
            if (result != null) {
                out.println(session.format(result, Converter.INSPECT));
            }
        } catch (Exception e) {
            out.println("error: " + (e.getMessage() == null ? e : e.getMessage()));
            exit = 1;
        } finally {
            session.close();
            commandLimit.cancel(false);
            Thread.interrupted();
        }
        finish(out, null, exit);
    }

    /**
     * The first line sent, without its end: null if longer than {@link ShellSettings#MAX_LINE}
     * bytes; what came before the end of input if the client closed (or the read timed out) early.
     */
    private static String readLine(SocketChannel client) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(1024);
        while (true) {
            buf.clear();
            int n = client.read(buf);
            if (n < 0) {
                return line.toString(StandardCharsets.UTF_8);
            }
            for (int i = 0; i < n; i++) {
                byte b = buf.get(i);
                if (b == '\n') {
                    return line.toString(StandardCharsets.UTF_8);
                }
                line.write(b);
            }
            if (line.size() > ShellSettings.MAX_LINE) {
                return null;
            }
        }
    }

    private static void finish(PrintStream out, String message, int exit) {
        if (message != null) {
            out.println(message);
        }
        out.print("\0exit=" + exit + "\n");
        out.flush();
    }

    /** A short answer that never blocks the acceptor (a client that reads nothing gets what fits in the buffer). */
    private void answerAndClose(SocketChannel client, String message) {
        try {
            client.configureBlocking(false);
            client.write(ByteBuffer.wrap(("snoop: " + message + "\n\0exit=2\n").getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            // it went away: nothing to tell
        }
        closeLater(client);
    }

    /**
     * Ends the answer (end of output) and closes a second later. Closing a Unix socket while what
     * the client sent lies unread makes the client's next read fail ("connection reset") before it
     * has read the answer; the second lets it read to the end and close first.
     */
    private void closeLater(SocketChannel client) {
        try {
            client.shutdownOutput();
            watchdog.schedule(() -> {
                try {
                    client.configureBlocking(false);
                    ByteBuffer sink = ByteBuffer.allocate(4096);
                    for (int i = 0; i < 16 && client.read(sink) > 0; i++) {
                        sink.clear();
                    }
                } catch (IOException e) {
                    // closing anyway
                }
                close(client);
            }, 1, TimeUnit.SECONDS);
        } catch (IOException | RuntimeException e) {
            close(client); // gone, or the watchdog is shut down: close now
        }
    }

    private static void close(SocketChannel client) {
        try {
            client.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package org.snoplus.snoop.shell.internal;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Converter;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one Gogo command per connection on a Unix socket in the data directory
 * ({@code <snoop.data>/shell.sock}), for {@code snoop shell "COMMAND"}. A local socket rather than
 * a TCP port: only users who can reach the data directory can drive the instance.
 *
 * <p>Protocol: the client sends the command as one UTF-8 line; the server sends what the command
 * printed and its result, then a last line {@code "\0exit=N"} (0 ok, 1 the command failed).
 */
@Component(immediate = true)
public class RemoteShell {

    static final String DATA_PROPERTY = "snoop.data";
    static final String SOCKET = "shell.sock";
    private static final Logger LOG = LoggerFactory.getLogger(RemoteShell.class);

    @Reference
    private CommandProcessor commands;

    private ServerSocketChannel server;
    private Path socket;
    private Thread acceptor;

    @Activate
    void activate(BundleContext context) throws IOException {
        String data = context.getProperty(DATA_PROPERTY);
        if (data == null) {
            LOG.info("no {} property: 'snoop shell' is not available", DATA_PROPERTY);
            return;
        }
        socket = Path.of(data, SOCKET);
        Files.createDirectories(socket.getParent());
        Files.deleteIfExists(socket); // left by a process that was killed
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        acceptor = new Thread(this::accept, "snoop-remote-shell");
        acceptor.setDaemon(true);
        acceptor.start();
        LOG.info("shell commands accepted on {}", socket);
    }

    @Deactivate
    void deactivate() throws IOException {
        if (server != null) {
            server.close();
            Files.deleteIfExists(socket);
        }
    }

    private void accept() {
        while (server.isOpen()) {
            try (SocketChannel client = server.accept()) {
                serve(client);
            } catch (IOException e) {
                if (server.isOpen()) {
                    LOG.warn("shell connection failed: {}", e.getMessage());
                }
            }
        }
    }

    private void serve(SocketChannel client) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(client),
                StandardCharsets.UTF_8));
        String line = in.readLine();
        OutputStream raw = Channels.newOutputStream(client);
        PrintStream out = new PrintStream(raw, true, StandardCharsets.UTF_8);
        int exit = 0;
        if (line != null && !line.isBlank()) {
            CommandSession session = commands.createSession(new ByteArrayInputStream(new byte[0]), out, out);
            try {
                Object result = session.execute(line);
                if (result != null) {
                    out.println(session.format(result, Converter.INSPECT));
                }
            } catch (Exception e) {
                out.println("error: " + (e.getMessage() == null ? e : e.getMessage()));
                exit = 1;
            } finally {
                session.close();
            }
        }
        out.print("\0exit=" + exit + "\n");
        out.flush();
    }
}

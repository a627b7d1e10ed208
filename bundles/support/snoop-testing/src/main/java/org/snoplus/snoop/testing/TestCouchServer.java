package org.snoplus.snoop.testing;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The CouchDB-API test server ({@code bundles/stores/store-couchdb/src/test/couchdb/server.js}; elsewhere than
 * that module, set the system property {@code snoop.test.couchdb} to its directory: express-pouchdb over in-memory
 * PouchDB) as a child process: {@code node server.js}, listening on 127.0.0.1 on a free port that
 * it prints on its first line. It keeps its data in memory, so a {@link #restart} brings back an
 * empty server on the same port. Closing its standard input stops it, which is also what happens
 * when the JVM dies. Its standard error goes to {@code target/couchdb-server.log}.
 */
public final class TestCouchServer implements Closeable {

    private static final long START_TIMEOUT_S = 60;

    private final Map<String, String> env;
    private Process process;
    private OutputStream commands;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private int port;

    private TestCouchServer(Map<String, String> env) {
        this.env = env;
    }

    /** A server without admin (anyone may do anything). */
    public static TestCouchServer start() throws IOException {
        return start(Map.of());
    }

    /**
     * A server with an admin ({@code ADMIN_USER}, {@code ADMIN_PASSWORD}): then every request
     * but {@code GET /} needs its basic credentials.
     */
    public static TestCouchServer startWithAdmin(String user, String password) throws IOException {
        return start(Map.of("ADMIN_USER", user, "ADMIN_PASSWORD", password));
    }

    private static TestCouchServer start(Map<String, String> env) throws IOException {
        TestCouchServer s = new TestCouchServer(env);
        s.launch(0);
        return s;
    }

    public static Path directory() {
        Path dir = Path.of(System.getProperty("snoop.test.couchdb", "src/test/couchdb")).toAbsolutePath();
        if (!Files.isDirectory(dir.resolve("node_modules"))) {
            throw new IllegalStateException(dir + "/node_modules is missing: the build installs it (npm ci, phase "
                    + "generate-test-resources); run 'mvn generate-test-resources' in bundles/stores/store-couchdb");
        }
        return dir;
    }

    private void launch(int onPort) throws IOException {
        Path dir = directory();
        ProcessBuilder pb = new ProcessBuilder("node", "server.js").directory(dir.toFile());
        Map<String, String> e = new HashMap<>(env);
        e.put("PORT", Integer.toString(onPort));
        pb.environment().putAll(e);
        File log = Path.of("target", "couchdb-server.log").toAbsolutePath().toFile();
        log.getParentFile().mkdirs();
        pb.redirectError(ProcessBuilder.Redirect.appendTo(log));
        process = pb.start();
        commands = process.getOutputStream();
        lines.clear();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Thread reader = new Thread(() -> {
            try {
                String line;
                while ((line = out.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException ended) {
                // the process is gone
            }
        }, "test-couchdb-stdout");
        reader.setDaemon(true);
        reader.start();
        String first = next(START_TIMEOUT_S);
        if (first == null) {
            process.destroyForcibly();
            throw new IOException("the test CouchDB server did not start within " + START_TIMEOUT_S + " s"
                    + (process.isAlive() ? "" : " (exit " + process.exitValue() + ")") + "; " + tail(log));
        }
        try {
            port = Integer.parseInt(first.trim());
        } catch (NumberFormatException ex) {
            process.destroyForcibly();
            throw new IOException("the test CouchDB server printed '" + first + "' instead of its port; " + tail(log));
        }
    }

    /** The end of the server's standard error, for a message. */
    private static String tail(File log) {
        try {
            String text = Files.readString(log.toPath(), StandardCharsets.UTF_8);
            return log + " ends with: " + text.substring(Math.max(0, text.length() - 2000));
        } catch (IOException e) {
            return "see " + log;
        }
    }

    private String next(long seconds) {
        try {
            return lines.poll(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT} */
    public String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Answers every request {@code ms} late from now on (0: on time again). */
    public void delay(long ms) throws IOException {
        command("delay " + ms);
    }

    /**
     * Stops listening and drops every open connection, keeping the data: a server restart as its
     * clients see it (connections reset, then refused), without the in-memory data going.
     */
    public void down() throws IOException {
        command("down");
    }

    /** Listens again on the same port after {@link #down}. */
    public void up() throws IOException {
        command("up");
    }

    private void command(String command) throws IOException {
        commands.write((command + "\n").getBytes(StandardCharsets.UTF_8));
        commands.flush();
        String answer = next(10);
        if (!("ok " + command).equals(answer)) {
            throw new IOException("the test CouchDB server answered '" + answer + "' to '" + command + "'");
        }
    }

    /** Stops the server: its port refuses connections once this returns. */
    public void stop() {
        if (process == null) {
            return;
        }
        try {
            commands.close(); // the server exits at the end of its input
        } catch (IOException e) {
            // gone already
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Starts it again on the same port, empty. */
    public void restart() throws IOException {
        stop();
        launch(port);
    }

    @Override
    public void close() {
        stop();
    }
}

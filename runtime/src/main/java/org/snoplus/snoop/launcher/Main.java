package org.snoplus.snoop.launcher;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.URISyntaxException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.felix.framework.Felix;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.startlevel.BundleStartLevel;

import sun.misc.Signal;

/**
 * Starts a snoop instance (Felix with the bundles of {@link BundleSet}), or runs one shell
 * command in a running instance.
 *
 * <pre>
 * snoop run   [--conf DIR] [--deploy DIR[,DIR...]] [--data DIR] [--log FILE|-]
 * snoop shell [--data DIR] COMMAND...
 * snoop status [--data DIR]       LSB exit codes: 0 running, 1 dead with a pid file, 3 not running
 * snoop stop   [--data DIR] [--timeout S]
 * snoop pid    [--data DIR]       the running instance's pid (exit 3 when none)
 * </pre>
 */
public final class Main {

    /** Exit code of {@code snoop run} when another instance holds the data directory. */
    static final int EXIT_IN_USE = 3;

    /** The pid file: written at start, removed at a clean stop; left behind, it tells of a crash or kill -9. */
    static final String PID_FILE = "snoop.pid";
    /** The log of a detached instance: rotated at this size, this many old files kept. */
    static final long LOG_MAX_BYTES = 16L << 20;
    static final int LOG_KEEP = 5;

    private static final AtomicBoolean STOPPING = new AtomicBoolean();
    private static volatile Path pidFileOfThisRun;

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].equals("-h") || args[0].equals("--help")) {
            usage(0);
        }
        Map<String, String> options = new LinkedHashMap<>();
        List<String> rest = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("--") && rest.isEmpty()) {
                if (i + 1 >= args.length) {
                    fail("option " + a + " needs a value");
                }
                options.put(a.substring(2), args[++i]);
            } else {
                rest.add(a);
            }
        }
        Path home = home();
        Path root = Path.of(options.getOrDefault("root", home.resolve("../../..").toString())).normalize();
        Path data = Path.of(options.getOrDefault("data", root.resolve("data").toString())).toAbsolutePath().normalize();
        switch (args[0]) {
            case "run" -> {
                for (String k : options.keySet()) {
                    if (!List.of("root", "conf", "deploy", "data", "log", "http", "daemon").contains(k)) {
                        fail("unknown option --" + k);
                    }
                }
                Path conf = Path.of(options.getOrDefault("conf", root.resolve("runtime/conf").toString()));
                // several deploy directories as the old processor_paths: --deploy DIR1,DIR2
                List<Path> deploy = new ArrayList<>();
                for (String d : options.getOrDefault("deploy", root.resolve("processors-deploy").toString()).split(",")) {
                    if (!d.isBlank()) {
                        deploy.add(Path.of(d.strip()).toAbsolutePath().normalize());
                    }
                }
                String http = options.getOrDefault("http", "8080");
                if (!http.matches("\\d{1,5}")) {
                    fail("--http takes a port number, not '" + http + "'");
                }
                System.exit(run(home, root, conf.toAbsolutePath().normalize(), deploy,
                        data, options.get("log"), http, Boolean.parseBoolean(options.get("daemon"))));
            }
            case "status" -> System.exit(status(data));
            case "check-config" -> {
                if (rest.size() != 1) {
                    fail("snoop check-config needs one directory, e.g. snoop check-config conf");
                }
                List<Path> jars = new ArrayList<>(List.of(home.resolve("bundles"), home.resolve("processors")));
                for (String d : options.getOrDefault("deploy", "").split(",")) {
                    if (!d.isBlank()) {
                        jars.add(Path.of(d.strip()));
                    }
                }
                CheckConfig check = new CheckConfig(jars);
                List<String> problems = check.check(Path.of(rest.get(0)));
                problems.forEach(System.out::println);
                System.out.println(problems.isEmpty() ? rest.get(0) + ": no problems (checked against the keys of "
                        + check.components() + " components)" : problems.size() + " problem"
                        + (problems.size() == 1 ? "" : "s"));
                System.exit(problems.isEmpty() ? 0 : 1);
            }
            case "pid" -> {
                OptionalLong pid = InstanceLock.holder(data);
                if (pid.isEmpty()) {
                    System.exit(3);
                }
                System.out.println(pid.getAsLong());
                System.exit(0);
            }
            case "stop" -> {
                String timeout = options.getOrDefault("timeout", "60");
                if (!timeout.matches("\\d{1,5}")) {
                    fail("--timeout takes seconds, not '" + timeout + "'");
                }
                System.exit(stop(data, Long.parseLong(timeout)));
            }
            case "shell" -> {
                if (rest.isEmpty()) {
                    fail("snoop shell needs a command, e.g. snoop shell snoop:processors");
                }
                System.exit(shell(data, String.join(" ", rest)));
            }
            default -> usage(2);
        }
    }

    // ------------------------------------------------------------------ run

    private static int run(Path home, Path root, Path conf, List<Path> deploy, Path data, String log, String httpPort,
            boolean daemon) throws Exception {
        if (!Files.isDirectory(conf)) {
            fail("configuration directory " + conf + " does not exist");
        }
        // before anything touches the data directory (the felix-cache, the shell socket, the log)
        try {
            InstanceLock.acquire(data);
        } catch (InstanceLock.HeldException e) {
            System.err.println("snoop: " + e.getMessage());
            return EXIT_IN_USE;
        }
        Path pidFile = data.resolve(PID_FILE);
        Files.writeString(pidFile, ProcessHandle.current().pid() + "\n");
        pidFileOfThisRun = pidFile;
        for (Path d : deploy) {
            Files.createDirectories(d);
        }
        String deployDirs = String.join(",", deploy.stream().map(Path::toString).toList());
        boolean interactive = !daemon && System.console() != null;
        if (daemon) {
            // detached: standard output (the log writer's lines) and the log go to one rotating file
            PrintStream rotating = new PrintStream(new RotatingLog(
                    log != null ? Path.of(log) : data.resolve("snoop.log"), LOG_MAX_BYTES, LOG_KEEP), true,
                    StandardCharsets.UTF_8);
            System.setOut(rotating);
            System.setErr(rotating);
            log = "-";
        }
        String logTarget = log != null ? log : interactive ? data.resolve("snoop.log").toString() : "-";
        configureLogging(logTarget);
        if (interactive && !"-".equals(logTarget)) {
            System.out.println("snoop: logging to " + logTarget + "; type 'help' for commands, 'snoop:processors' "
                    + "to see the processors, Ctrl-C to stop");
        }

        Map<String, String> props = new HashMap<>();
        props.put(Constants.FRAMEWORK_STORAGE, data.resolve("felix-cache").toString());
        props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        props.put(Constants.FRAMEWORK_BEGINNING_STARTLEVEL, "5");
        props.put("felix.log.level", "1");
        props.put("ds.loglevel", "warn");
        // Config Admin keeps configuration in memory: conf/ is read again at every start (the cache is cleaned
        // then), and a copy under the data directory would only be a place for secrets to leak; it delivers none
        // before the plugin that takes password keys out of it (snoop-secrets) is there
        props.put("felix.cm.pm", "memory");
        props.put("felix.cm.config.plugins", "snoop.secrets");
        // FileInstall: processor jars (deploy) and Config Admin files (conf), both watched
        props.put("felix.fileinstall.dir", deployDirs + "," + conf);
        props.put("felix.fileinstall.poll", "200");
        props.put("felix.fileinstall.noInitialDelay", "true");
        props.put("felix.fileinstall.start.level", "3");
        props.put("felix.fileinstall.bundles.new.start", "true");
        props.put("felix.fileinstall.enableConfigSave", "false");
        props.put("felix.fileinstall.log.level", interactive ? "2" : "3");
        props.put("felix.fileinstall.filter", ".*\\.(jar|cfg|config)");
        // the REST API and the pages: on this machine only, unless a proxy is put in front
        props.put("org.apache.felix.http.host", "127.0.0.1");
        props.put("org.osgi.service.http.port", httpPort);
        props.put("gosh.args", interactive ? "" : "--nointeractive");
        props.put("snoop.root", root.toString());
        props.put("snoop.conf", conf.toString());
        props.put("snoop.deploy", deployDirs);
        props.put("snoop.data", data.toString());

        Felix felix = new Felix(props);
        felix.init();
        // the stream the log goes to, before the shell makes System.err a stream per thread: what the instance
        // logs while a shell command runs (snoop:disable, snoop:reload...) belongs in its log, not on the screen
        // of whoever typed the command (snoop-shell gives it to the commands as their System.err)
        felix.getBundleContext().registerService(java.io.PrintStream.class, System.err,
                new java.util.Hashtable<>(Map.of(LOG_STREAM, "log")));
        install(felix, home);
        Signal.handle(new Signal("TERM"), s -> stop(felix));
        Signal.handle(new Signal("INT"), s -> stop(felix));
        // SIGUSR1, as the old snoop: reload (deploy directories and conf/); SIGHUP: re-read conf/.
        // Both are FileInstall's work: started again, it compares every file with what it
        // installed or applied, and changes only what differs (processors keep their state).
        Signal.handle(new Signal("USR1"), s -> reload(felix, "SIGUSR1: reloading the deploy directories and conf/"));
        Signal.handle(new Signal("HUP"), s -> reload(felix, "SIGHUP: reading conf/ again"));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (STOPPING.compareAndSet(false, true)) {
                stopNow(felix);
            }
        }, "snoop-shutdown-hook"));
        felix.start();
        FrameworkEvent end = felix.waitForStop(0);
        Files.deleteIfExists(pidFile);
        return end.getType() == FrameworkEvent.ERROR ? 1 : 0;
    }

    /** The service property that marks the log's stream among {@code PrintStream} services. */
    static final String LOG_STREAM = "snoop.stream";

    private static final DateTimeFormatter LOG_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");

    /** A line in the log's format, from the launcher (which has no logger of its own). */
    static void logLine(String message) {
        System.err.println(LocalDateTime.now().format(LOG_TIME) + " [INFO] Main - " + message);
    }

    /** FileInstall stopped and started again, off the signal's thread. */
    private static void reload(Felix felix, String why) {
        Thread t = new Thread(() -> {
            logLine(why);
            for (Bundle b : felix.getBundleContext().getBundles()) {
                if ("org.apache.felix.fileinstall".equals(b.getSymbolicName())) {
                    try {
                        b.stop(Bundle.STOP_TRANSIENT);
                        b.start(Bundle.START_TRANSIENT);
                        logLine("reload done: the deploy directories and conf/ were scanned again");
                    } catch (BundleException | IllegalStateException e) {
                        logLine("reload failed: " + e);
                    }
                    return;
                }
            }
            logLine("reload: FileInstall is not installed; nothing to do");
        }, "snoop-reload");
        t.setDaemon(true);
        t.start();
    }

    // ------------------------------------------------------------------ status, stop

    /** LSB status: 0 running, 1 not running but a pid file left (a crash), 3 not running. */
    static int status(Path data) throws IOException {
        OptionalLong pid = InstanceLock.holder(data);
        if (pid.isEmpty()) {
            Path pidFile = data.resolve(PID_FILE);
            if (Files.exists(pidFile)) {
                System.out.println("snoop is not running, but " + pidFile + " names pid "
                        + Files.readString(pidFile).strip() + ": it ended without stopping (crash or kill -9)");
                return 1;
            }
            System.out.println("snoop is not running (data directory " + data + ")");
            return 3;
        }
        long p = pid.getAsLong();
        Optional<Instant> started = ProcessHandle.of(p).flatMap(h -> h.info().startInstant());
        String up = started.map(s -> ", up " + human(Duration.between(s, Instant.now()))).orElse("");
        System.out.println("snoop is running (pid " + p + up + ", data directory " + data + ")");
        System.out.flush();
        // what it does, from the instance itself; a shell that does not answer leaves the answer "running"
        shell(data, "snoop:status");
        return 0;
    }

    private static String human(Duration d) {
        long s = d.getSeconds();
        return s >= 86400 ? (s / 86400) + " d " + (s % 86400) / 3600 + " h"
                : s >= 3600 ? (s / 3600) + " h " + (s % 3600) / 60 + " min" : (s / 60) + " min " + (s % 60) + " s";
    }

    /** SIGTERM to the instance (final sample, writers flushed), then a bounded wait for it to end. */
    static int stop(Path data, long timeoutSeconds) throws IOException {
        OptionalLong pid = InstanceLock.holder(data);
        if (pid.isEmpty()) {
            System.out.println("snoop is not running (data directory " + data + ")");
            return 0;
        }
        Optional<ProcessHandle> h = ProcessHandle.of(pid.getAsLong());
        if (h.isEmpty()) {
            System.out.println("snoop is not running (pid " + pid.getAsLong() + " is gone)");
            return 0;
        }
        long t0 = System.nanoTime();
        h.get().destroy(); // SIGTERM
        try {
            h.get().onExit().get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            System.err.println("snoop: pid " + pid.getAsLong() + " did not stop within " + timeoutSeconds
                    + " s; it is still running (kill -9 " + pid.getAsLong() + " ends it without a final sample)");
            return 1;
        } catch (Exception e) {
            Thread.currentThread().interrupt();
            return 1;
        }
        System.out.printf("snoop stopped (pid %d, %.1f s)%n", pid.getAsLong(), (System.nanoTime() - t0) / 1e9);
        return 0;
    }

    /** Installs the bundles of the assembled runtime, in their order, at their start levels. */
    private static void install(Felix felix, Path home) throws BundleException {
        List<BundleSet.Entry> set;
        try {
            set = BundleSet.read(home);
        } catch (RuntimeException e) {
            fail(e.getMessage());
            return;
        }
        List<Bundle> toStart = new ArrayList<>();
        for (BundleSet.Entry e : set) {
            Bundle b = felix.getBundleContext().installBundle(e.jar().toUri().toString());
            b.adapt(BundleStartLevel.class).setStartLevel(e.startLevel());
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                toStart.add(b);
            }
        }
        for (Bundle b : toStart) {
            b.start();
        }
    }

    /** SIGTERM or Ctrl-C: stop the framework (final sample, writers flushed), then exit 0. */
    private static void stop(Felix felix) {
        if (!STOPPING.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(() -> {
            stopNow(felix);
            Runtime.getRuntime().halt(0);
        }, "snoop-stop");
        t.start();
    }

    private static void stopNow(Felix felix) {
        try {
            felix.stop();
            felix.waitForStop(60_000);
            Path pidFile = pidFileOfThisRun;
            if (pidFile != null) {
                Files.deleteIfExists(pidFile);
            }
        } catch (Exception e) {
            System.err.println("snoop: error while stopping: " + e);
        }
    }

    private static void configureLogging(String target) {
        setDefault("org.slf4j.simpleLogger.logFile", "-".equals(target) ? "System.err" : target);
        setDefault("org.slf4j.simpleLogger.showDateTime", "true");
        setDefault("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSS");
        setDefault("org.slf4j.simpleLogger.showShortLogName", "true");
        setDefault("org.slf4j.simpleLogger.showThreadName", "false");
        setDefault("org.slf4j.simpleLogger.levelInBrackets", "true");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    // ------------------------------------------------------------------ shell

    /** Sends one command to the instance whose data directory is {@code data}; prints its output. */
    static int shell(Path data, String command) throws IOException {
        Path socket = shellSocket(data);
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            try {
                ch.connect(UnixDomainSocketAddress.of(socket));
            } catch (IOException e) {
                String why = String.valueOf(e.getMessage());
                if (why.contains("No such file") || why.contains("Connection refused")) {
                    System.err.println("snoop: no running instance with data directory " + data + " (" + socket
                            + ": " + why + ")");
                } else if (why.contains("Permission denied")) {
                    System.err.println("snoop: cannot reach the instance at " + socket + ": permission denied "
                            + "(its shell is only for the user who runs it)");
                } else {
                    System.err.println("snoop: cannot reach the instance at " + socket + ": " + why);
                }
                return 2;
            }
            try {
                ch.write(ByteBuffer.wrap((command.replace('\n', ' ') + "\n").getBytes(StandardCharsets.UTF_8)));
            } catch (IOException e) {
                // the instance answered at once (refused, busy) and closed: its answer is still to be read
            }
            InputStream in = Channels.newInputStream(ch);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            try {
                in.transferTo(all);
            } catch (IOException e) {
                // reset by the instance: what came before is still its answer, complete if the trailer came
            }
            String out = all.toString(StandardCharsets.UTF_8);
            int trailer = out.lastIndexOf("\0exit=");
            if (trailer < 0) {
                System.out.print(out);
                System.err.println("snoop: the instance closed the connection early");
                return 2;
            }
            System.out.print(out.substring(0, trailer));
            System.out.flush();
            return Integer.parseInt(out.substring(trailer + 6).strip());
        }
    }

    /** Where the instance of {@code data} serves {@code snoop shell} (in a directory only its user can enter). */
    static Path shellSocket(Path data) {
        return data.resolve("shell").resolve("shell.sock");
    }

    // ------------------------------------------------------------------ helpers

    private static Path home() throws URISyntaxException {
        Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        return Files.isDirectory(jar) ? jar : jar.getParent();
    }

    private static void usage(int exit) {
        System.out.println("""
                usage: snoop run     [-d] [--conf DIR] [--deploy DIR[,DIR...]] [--data DIR] [--log FILE|-] [--http PORT]
                       snoop start   [the options of run]   (detached: pid file and rotating log in the data directory)
                       snoop stop    [--data DIR] [--timeout S]
                       snoop restart [the options of run]
                       snoop status  [--data DIR]   (exit 0 running, 1 dead with a pid file, 3 not running)
                       snoop reload  [--data DIR]   (SIGUSR1: the deploy directories and conf/ scanned again)
                       snoop shell   [--data DIR] COMMAND...
                       snoop check-config [--deploy DIR] DIR   (offline: each file, key and value against the components' metatype)
                       snoop dump [--hits] FILE...
                       snoop record [--events N] [--seed S] [--run R] [--mix SPEC] OUT.zdab[.gz]
                """);
        System.exit(exit);
    }

    private static void fail(String message) {
        System.err.println("snoop: " + message);
        System.exit(2);
    }
}

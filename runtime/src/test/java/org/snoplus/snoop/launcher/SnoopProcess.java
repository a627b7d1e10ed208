package org.snoplus.snoop.launcher;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A snoop instance run as a process, as {@code runtime/bin/snoop run} runs it, and its shell. */
final class SnoopProcess {

    static final Path DIST = Path.of(System.getProperty("snoop.dist", "target/snoop")).toAbsolutePath();
    static final Path ROOT = Path.of(System.getProperty("snoop.root", "..")).toAbsolutePath().normalize();

    private SnoopProcess() {
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Starts an instance; its standard output and error go to {@code out} and {@code err}. */
    static Process start(Path conf, Path deploy, Path data, int httpPort, Path out, Path err) throws IOException {
        return new ProcessBuilder(java(), "-jar", DIST.resolve("snoop-launcher.jar").toString(), "run",
                "--root", ROOT.toString(), "--conf", conf.toString(), "--deploy", deploy.toString(),
                "--data", data.toString(), "--http", Integer.toString(httpPort))
                .redirectError(ProcessBuilder.Redirect.appendTo(err.toFile()))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
    }

    static Process shellProcess(Path data, String command) throws IOException {
        return new ProcessBuilder(java(), "-jar", DIST.resolve("snoop-launcher.jar").toString(), "shell",
                "--data", data.toString(), command).redirectErrorStream(true).start();
    }

    /** Runs one shell command in the instance of {@code data}; its output, or an error if it failed. */
    static String shell(Path data, String command) throws IOException, InterruptedException {
        Process p = shellProcess(data, command);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("'" + command + "' failed: " + out);
        }
        return out;
    }

    static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}

package org.snoplus.snoop.alarm.hook.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snoplus.snoop.alarm.Alarm;
import org.snoplus.snoop.alarm.Notification;
import org.snoplus.snoop.alarm.Notifier;
import org.snoplus.snoop.json.DocumentJson;

/**
 * Runs a program of the operator's for each {@link Notification}: without a shell, with the
 * notification as one JSON object on its standard input ({@code {"instance", "subject", "text",
 * "changes": [...], "left", "active": [...]}}) and {@code SNOOP_ALARM_SUBJECT} in its environment.
 * It must exit 0 within {@code timeout.s}; otherwise it is killed, counted as failed and the same
 * changes are offered again after a back-off. What it prints is kept up to {@value #MAX_OUTPUT}
 * bytes and logged when it fails.
 */
@Component(name = CommandNotifier.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = Notifier.class)
@Designate(ocd = CommandConfig.class, factory = true)
public class CommandNotifier implements Notifier {

    static final String PID = "snoop.notifier.command";
    static final int MAX_OUTPUT = 16 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(CommandNotifier.class);

    private List<String> command;
    private long timeoutS;

    @Activate
    void activate(CommandConfig c) {
        try {
            configure(c);
        } catch (IllegalArgumentException e) {
            LOG.error("{}: {}", PID, e.getMessage());
            throw e;
        }
        LOG.info("{}: alarms to {}", PID, String.join(" ", command));
    }

    void configure(CommandConfig c) {
        String cmd = c.command() == null ? "" : c.command().strip();
        Path p;
        try {
            p = Path.of(cmd);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("bad configuration: command '" + cmd + "' is not a path");
        }
        if (cmd.isEmpty() || !p.isAbsolute()) {
            throw new IllegalArgumentException("bad configuration: command must be the absolute path of a program, not '"
                    + cmd + "'");
        }
        if (!Files.isRegularFile(p) || !Files.isExecutable(p)) {
            throw new IllegalArgumentException("bad configuration: command " + p + " is not an executable file");
        }
        if (c.timeout_s() < 1) {
            throw new IllegalArgumentException("bad configuration: timeout.s must be at least 1, not " + c.timeout_s());
        }
        List<String> all = new ArrayList<>();
        all.add(p.toString());
        String args = c.args() == null ? "" : c.args().strip();
        if (!args.isEmpty()) {
            all.addAll(List.of(args.split("\\s+")));
        }
        command = List.copyOf(all);
        timeoutS = c.timeout_s();
    }

    @Override
    public void send(Notification n) throws Exception {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("instance", n.instance());
        json.put("subject", n.subject());
        json.put("text", n.text());
        json.put("changes", n.changes().stream().map(Alarm::toMap).toList());
        json.put("left", n.left());
        json.put("active", n.active().stream().map(Alarm::toMap).toList());
        byte[] input = DocumentJson.writer().writeValueAsBytes(json);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("SNOOP_ALARM_SUBJECT", n.subject());
        Process proc = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> drain(proc.getInputStream(), out), "snoop-notify-command-output");
        reader.setDaemon(true);
        reader.start();
        try (OutputStream in = proc.getOutputStream()) {
            in.write(input);
        } catch (IOException e) {
            // the program did not read its input: its exit code says whether that was a failure
        }
        if (!proc.waitFor(timeoutS, TimeUnit.SECONDS)) {
            proc.destroyForcibly();
            throw new IOException(command.get(0) + " did not end within " + timeoutS + " s: killed");
        }
        reader.join(1000);
        if (proc.exitValue() != 0) {
            String said;
            synchronized (out) {
                said = out.toString(StandardCharsets.UTF_8).strip();
            }
            throw new IOException(command.get(0) + " exited with " + proc.exitValue()
                    + (said.isEmpty() ? "" : ": " + (said.length() > 500 ? said.substring(0, 500) + "..." : said)));
        }
    }

    private static void drain(InputStream in, ByteArrayOutputStream out) {
        byte[] buf = new byte[4096];
        try (in) {
            int n;
            while ((n = in.read(buf)) > 0) {
                synchronized (out) {
                    if (out.size() < MAX_OUTPUT) {
                        out.write(buf, 0, Math.min(n, MAX_OUTPUT - out.size()));
                    }
                }
            }
        } catch (IOException e) {
            // the program ended
        }
    }

    @Override
    public String describe() {
        return "command " + String.join(" ", command);
    }
}

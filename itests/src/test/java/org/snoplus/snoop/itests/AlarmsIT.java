package org.snoplus.snoop.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;
import org.snoplus.snoop.admin.ProcessorState;
import org.snoplus.snoop.alarm.Alarm;
import org.snoplus.snoop.alarm.AlarmService;
import org.snoplus.snoop.alarm.AlarmState;
import org.snoplus.snoop.processor.Processor;
import org.snoplus.snoop.query.QueryService;
import org.snoplus.snoop.query.SeriesQuery;

/**
 * Alarms in the whole instance: the synthetic detector feeds the occupancy and timing processors
 * (deployed from their jars); faults are injected into the detector (a burst of hot channels, a
 * GTID skip rate) and into a processor (one that throws); the rules of a rule file and the
 * framework's own checks raise the expected alarms within one sample period and their {@code for},
 * they are acknowledged over HTTP with the token (and refused without it), and they clear when
 * the fault ends; the history comes back from the store.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class AlarmsIT extends SnoopTestSupport {

    static final long PERIOD = 1000;
    static final long FOR = 2000;
    static final String TOKEN = "an-alarms-token-for-the-test-0123456789";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Inject
    private AlarmService alarms;
    @Inject
    private QueryService query;

    @Configuration
    public Option[] config() throws Exception {
        TestMailServer.start();
        return baseOptions();
    }

    private static boolean started;

    @Before
    public void start() throws Exception {
        if (started) {
            return;
        }
        started = true;
        Path rules = dir().resolve("rules");
        Files.createDirectories(rules);
        Files.writeString(rules.resolve("detector.rules"), """
                # a burst of hot channels: the channels above the high occupancy threshold
                [hot-channels]
                field = occupancy.data.high
                above = 20
                clear = 10
                for = 2s
                severity = alarm
                message = {value} hot channels (more than {threshold}) for {for}

                # GTID skips in a window
                [gtid-skips]
                field = timing.data.gtid.skips
                above = 5
                clear = 1
                for = 2s
                """);
        Path token = dir().resolve("alarms.token");
        Files.writeString(token, TOKEN + "\n");
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
        configure("snoop.core", Map.of("sample.period.ms", PERIOD));
        configure("snoop.alarms", Map.of("rules.dir", rules.toString(), "heartbeat.periods", 5, "notify.group.s", 1,
                "notify.interval.s", 1));
        configureFactory("snoop.notifier.mail", "shifters", Map.of("host", "127.0.0.1", "port",
                Integer.parseInt(System.getProperty("snoop.it.smtp")), "from", "snoop@detector.test", "to",
                "shifters@detector.test"));
        configure("snoop.web.alarms", Map.of("token.file", token.toString()));
        for (String p : List.of("processor-occupancy", "processor-timing", "processor-nhit")) {
            Path tmp = dir().resolve(p + ".jar.part");
            Files.copy(processorJar(p), tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, deployDir().resolve(p + ".jar"), StandardCopyOption.ATOMIC_MOVE);
        }
        detector(4, 1e-4);
        waitFor("occupancy, timing and nhit sampled", 60_000, () -> samples("occupancy") >= 3 && samples("timing") >= 3
                && samples("nhit") >= 3);
        waitFor("the rules read", 10_000, () -> alarms.rules().size() == 2);
    }

    /** When the detector was last configured ({@code System.currentTimeMillis}): the tests share one instance. */
    private static volatile long detectorSet = System.currentTimeMillis();

    private void detector(int hot, double gtidSkip) throws Exception {
        detectorSet = System.currentTimeMillis();
        Map<String, Object> p = new HashMap<>();
        p.put("rate", 1000);
        p.put("seed", 3);
        p.put("hot.channels", hot);
        p.put("gtid.skip", gtidSkip);
        configureFactory("snoop.reader.synthetic", "sim", p);
    }

    private long samples(String name) {
        var p = processor(name);
        return p == null ? 0 : p.samples();
    }

    private Alarm active(String name) {
        return alarms.active().stream().filter(a -> a.name().equals(name)).findFirst().orElse(null);
    }

    @Test
    @SuppressWarnings("unchecked")
    public void detectorFaultsRaiseAlarmsThatAreAcknowledgedThroughRestAndClear() throws Exception {
        Thread.sleep(3 * PERIOD);
        assertNull("a healthy detector raises no hot-channel alarm", active("hot-channels"));
        assertNull(active("gtid-skips"));

        long fault = System.currentTimeMillis();
        detector(60, 0.02);
        waitFor("the hot-channel alarm", 60_000, () -> active("hot-channels") != null);
        waitFor("the GTID-skip alarm", 60_000, () -> active("gtid-skips") != null);
        Alarm hot = active("hot-channels");
        assertEquals(AlarmState.FIRING, hot.state());
        assertTrue(hot.message(), hot.message().endsWith("hot channels (more than 20) for 2 s"));
        // within one sample period and its for of the first document that shows the fault
        long firstHot = firstTime("occupancy", "data.high", 20, fault);
        assertTrue("fired " + (hot.since() - firstHot) + " ms after the first document above the threshold",
                hot.since() - firstHot <= FOR + PERIOD + 1000);
        long firstSkips = firstTime("timing", "data.gtid.skips", 5, fault);
        assertTrue(active("gtid-skips").since() - firstSkips <= FOR + PERIOD + 1000);

        HttpResponse<String> list = get("/api/v1/alarms");
        assertEquals(200, list.statusCode());
        Map<String, Object> body = JSON.readValue(list.body(), Map.class);
        assertTrue(list.body(), ((List<Map<String, Object>>) body.get("active")).stream()
                .anyMatch(a -> a.get("name").equals("hot-channels") && a.get("state").equals("firing")));
        assertEquals(Boolean.TRUE, body.get("writable"));

        String ack = "{\"by\": \"JD\", \"comment\": \"crate 7 is being looked at\"}";
        HttpResponse<String> none = post("/api/v1/alarms/hot-channels/ack", ack, null);
        assertEquals(none.body(), 401, none.statusCode());
        HttpResponse<String> wrong = post("/api/v1/alarms/hot-channels/ack", ack, "not-the-token-at-all-0000");
        assertEquals(wrong.body(), 403, wrong.statusCode());
        assertEquals("refused: still firing", AlarmState.FIRING, active("hot-channels").state());
        HttpResponse<String> huge = post("/api/v1/alarms/hot-channels/ack", "{\"comment\": \"" + "x".repeat(20_000)
                + "\"}", TOKEN);
        assertEquals(huge.body(), 413, huge.statusCode());
        assertTrue("a JSON answer as every other: " + huge.body(),
                huge.body().startsWith("{") && huge.body().contains("\"error\""));
        HttpResponse<String> right = post("/api/v1/alarms/hot-channels/ack", ack, TOKEN);
        assertEquals(right.body(), 200, right.statusCode());
        assertEquals(AlarmState.ACKNOWLEDGED, active("hot-channels").state());
        assertEquals("JD", active("hot-channels").by());
        assertEquals("the rest of the API stays read-only", 405, post("/api/v1/processors", "{}", TOKEN).statusCode());
        assertTrue(shell("snoop:alarms"), shell("snoop:alarms").contains("hot-channels"));

        waitFor("the e-mail of the firing alarm reaches the SMTP server", 60_000,
                () -> mails().stream().anyMatch(m -> m.contains("firing") && m.contains("hot-channels")));

        detector(4, 1e-4);
        waitFor("the alarms clear", 60_000, () -> active("hot-channels") == null && active("gtid-skips") == null);
        waitFor("the e-mail saying it is resolved", 60_000,
                () -> mails().stream().anyMatch(m -> m.contains("resolved") && m.contains("hot-channels")));

        waitFor("the history stored", 20_000, () -> {
            try {
                HttpResponse<String> h = get("/api/v1/alarms/history?from=-10m&name=hot-channels");
                List<Map<String, Object>> changes = (List<Map<String, Object>>) JSON.readValue(h.body(), Map.class)
                        .get("changes");
                return changes.stream().map(c -> c.get("state")).toList().containsAll(List.of("firing", "acknowledged",
                        "cleared"));
            } catch (Exception e) {
                return false;
            }
        });
        assertTrue("changes are stored as the documents of 'alarms'", query.names().contains("alarms"));
    }

    /** The subjects of the messages in the shifters' mailbox, read over POP3 (GreenMail's). */
    private static List<String> mails() {
        List<String> subjects = new java.util.ArrayList<>();
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", Integer.parseInt(System.getProperty("snoop.it.pop3")))) {
            s.setSoTimeout(5000);
            var in = new java.io.BufferedReader(new java.io.InputStreamReader(s.getInputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII));
            var out = new java.io.PrintWriter(new java.io.OutputStreamWriter(s.getOutputStream(),
                    java.nio.charset.StandardCharsets.US_ASCII), true);
            in.readLine();
            out.print("USER shifters\r\n");
            out.flush();
            in.readLine();
            out.print("PASS pw\r\n");
            out.flush();
            in.readLine();
            out.print("STAT\r\n");
            out.flush();
            int n = Integer.parseInt(in.readLine().split(" ")[1]);
            for (int i = 1; i <= n; i++) {
                out.print("RETR " + i + "\r\n");
                out.flush();
                StringBuilder m = new StringBuilder();
                for (String line = in.readLine(); line != null && !line.equals("."); line = in.readLine()) {
                    m.append(line).append('\n');
                }
                String headers = m.toString().replaceAll("\n[ \t]+", " ");
                for (String h : headers.split("\n")) {
                    if (h.startsWith("Subject: ")) {
                        subjects.add(h.substring(9));
                    }
                }
            }
            out.print("QUIT\r\n");
            out.flush();
        } catch (java.io.IOException | RuntimeException e) {
            return List.of();
        }
        return subjects;
    }

    /** The time of the first document of {@code name} after {@code since} whose field is above {@code threshold}. */
    private long firstTime(String name, String field, double threshold, long since) throws Exception {
        var s = query.series(new SeriesQuery(name, since - PERIOD, System.currentTimeMillis() + 1, List.of(field),
                List.of(), 100_000));
        for (int i = 0; i < s.times().length; i++) {
            if (s.values().get(i)[0] instanceof Number n && n.doubleValue() > threshold) {
                return s.times()[i];
            }
        }
        throw new AssertionError("no document of " + name + " with " + field + " above " + threshold);
    }

    @Test
    public void aProcessorThatThrowsIsQuarantinedRaisesAnAlarmThatClearsWhenItIsEnabled() throws Exception {
        Thrower thrower = new Thrower();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Processor.NAME, "thrower");
        ServiceRegistration<?> reg = context.registerService(Processor.class, thrower, props);
        try {
            waitFor("thrower sampled", 20_000, () -> samples("thrower") >= 1);
            thrower.failing = true;
            waitFor("quarantined", 20_000, () -> processor("thrower").state() == ProcessorState.QUARANTINED);
            waitFor("its alarm", 10_000, () -> active("snoop.processor.thrower.quarantined") != null);
            Alarm a = active("snoop.processor.thrower.quarantined");
            assertEquals(org.snoplus.snoop.alarm.Severity.ALARM, a.severity());
            assertTrue(a.message(), a.message().contains("snoop:enable thrower"));
            thrower.failing = false;
            shell("snoop:enable thrower");
            waitFor("cleared", 20_000, () -> active("snoop.processor.thrower.quarantined") == null);
        } finally {
            reg.unregister();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    public void aBadRuleFileIsRefusedWithItsProblemsAndTheLastGoodRulesStay() throws Exception {
        Path file = dir().resolve("rules").resolve("extra.rules");
        Files.writeString(file, "[rate-low]\nfield = rate.data.rate\nbelow = 10\n");
        waitFor("the rule read", 10_000, () -> alarms.rules().stream().anyMatch(r -> r.name().equals("rate-low")));
        Files.writeString(file, "[rate-low]\nfield = rate.data.rate\nbelow = ten\nfor = 1 fortnight\n");
        waitFor("the problems known", 10_000, () -> alarms.problems().size() == 2);
        assertEquals("extra.rules:3: rule rate-low: below: 'ten' is not a number", alarms.problems().get(0));
        assertTrue("the last good rule stays", alarms.rules().stream().anyMatch(r -> r.name().equals("rate-low")
                && r.condition().equals("below 10")));
        HttpResponse<String> r = get("/api/v1/alarms/rules");
        assertTrue(r.body(), ((List<String>) JSON.readValue(r.body(), Map.class).get("problems")).get(1)
                .startsWith("extra.rules:4: rule rate-low: for: '1 fortnight' is not a duration"));
        Files.delete(file);
        waitFor("the rule gone", 10_000, () -> alarms.rules().stream().noneMatch(x -> x.name().equals("rate-low"))
                && alarms.problems().isEmpty());
    }

    @Test
    @SuppressWarnings("unchecked")
    public void aReferenceSavedFromAGoodRunJudgesADistortedHistogramBadAndAGoodOneGood() throws Exception {
        // the reference's 15 s must hold none of another test's faults (the tests share the instance)
        waitFor("20 s of a healthy detector", 60_000, () -> samples("nhit") >= 20
                && System.currentTimeMillis() - detectorSet >= 20_000);
        String save = "{\"field\": \"nhit.data.hist\", \"from\": \"-15s\"}";
        assertEquals(401, post("/api/v1/references/nhit-good", save, null).statusCode());
        HttpResponse<String> saved = post("/api/v1/references/nhit-good", save, TOKEN);
        assertEquals(saved.body(), 200, saved.statusCode());
        Map<String, Object> ref = (Map<String, Object>) JSON.readValue(saved.body(), Map.class).get("reference");
        assertTrue(saved.body(), ((Number) ref.get("entries")).longValue() > 5000);
        assertTrue(shell("snoop:reference list"), shell("snoop:reference list").contains("nhit-good"));

        Path file = dir().resolve("rules").resolve("references.rules");
        Files.writeString(file, "[nhit-shape]\nfield = nhit.data.hist\ncompare = nhit-good\nmedium = 0.01\n"
                + "bad = 0.0001\nmin.entries = 500\n");
        waitFor("judged good", 30_000, () -> {
            var q = ((org.snoplus.snoop.alarm.ReferenceService) alarms).quality().get("nhit-shape");
            return q != null && q.level() == org.snoplus.snoop.alarm.Quality.Level.GOOD;
        });
        assertNull(active("nhit-shape"));
        try {
            detector(100, 1e-4); // a hundred hot channels: every event has some fifty hits more
            waitFor("judged bad, and its alarm", 60_000, () -> active("nhit-shape") != null);
            HttpResponse<String> q = get("/api/v1/references");
            Map<String, Object> quality = (Map<String, Object>) ((Map<String, Object>) JSON.readValue(q.body(),
                    Map.class).get("quality")).get("nhit-shape");
            assertEquals(q.body(), "bad", quality.get("level"));
            waitFor("the quality stored in the alarms' documents", 20_000, () -> {
                try {
                    Object level = query.latest("alarms", "data.quality.nhit-shape.level");
                    return "bad".equals(level);
                } catch (Exception e) {
                    return false;
                }
            });
        } finally {
            detector(4, 1e-4);
        }
        waitFor("good again, and the alarm cleared", 60_000, () -> active("nhit-shape") == null);
        Files.delete(file);
    }

    static final class Thrower implements Processor<Object> {
        volatile boolean failing;

        public Class<Object> eventType() {
            return Object.class;
        }

        public void event(Object e) {
            if (failing) {
                throw new IllegalStateException("a bug in thrower");
            }
        }

        public Map<String, Object> sample() {
            return Map.of("ok", true);
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort() + path))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}

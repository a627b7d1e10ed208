package org.snoplus.snoop.alarm.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snoplus.snoop.alarm.Alarm;
import org.snoplus.snoop.alarm.AlarmService;
import org.snoplus.snoop.alarm.Quality;
import org.snoplus.snoop.alarm.Reference;
import org.snoplus.snoop.alarm.ReferenceService;
import org.snoplus.snoop.alarm.Severity;
import org.snoplus.snoop.alarm.Silence;
import org.snoplus.snoop.json.DocumentJson;
import org.snoplus.snoop.query.AnswerTooLargeException;
import org.snoplus.snoop.query.QueryLimits;
import org.snoplus.snoop.query.QueryStoppedException;
import org.snoplus.snoop.query.StoreException;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The alarms' REST endpoints, free of the servlet API. Reading is open to anyone who reaches the
 * instance (the machine itself, unless a proxy is put in front); acknowledging, silencing and
 * saving or removing references need the token ({@code Authorization: Bearer TOKEN}), compared in
 * constant time and never logged.
 *
 * <pre>
 * GET    /api/v1/alarms                      active alarms, silences, rule-file problems
 * GET    /api/v1/alarms/history              ?from=-24h&amp;to=now&amp;severity=warning&amp;name=nhit-*&amp;limit=1000
 * GET    /api/v1/alarms/rules                the rules in force and their state
 * POST   /api/v1/alarms/{name}/ack           {"by": "JD", "comment": "..."}            token
 * POST   /api/v1/alarms/silences             {"pattern", "duration": "2h", "by", "comment"}  token
 * DELETE /api/v1/alarms/silences/{pattern}                                            token
 * GET    /api/v1/references                  the references and the checks' quality
 * GET    /api/v1/references/{name}           the reference histogram
 * POST   /api/v1/references/{name}           {"field": "nhit.data.hist", "run": 300000} or "from"/"to"  token
 * DELETE /api/v1/references/{name}                                                   token
 * </pre>
 */
final class AlarmApi {

    static final int MAX_BODY = 16 * 1024;
    static final int MAX_LIMIT = 10_000;
    static final int WORKERS = 8;
    static final long HISTORY_TIMEOUT_MS = 10_000;
    static final long HISTORY_MAX_BYTES = 16L << 20;
    private static final Logger LOG = LoggerFactory.getLogger(AlarmApi.class);
    private static final String JSON = "application/json;charset=UTF-8";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern RELATIVE = Pattern.compile("-(\\d{1,9})(s|m|h|d|w)");

    /** A request as the API sees it. */
    record Request(String method, String path, Map<String, List<String>> params, String authorization, String body) {
    }

    /** An answer: status, headers, body. */
    record Response(int status, Map<String, String> headers, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;
        final String parameter;

        Refused(int status, String message, String parameter) {
            super(message, null, false, false);
            this.status = status;
            this.parameter = parameter;
        }
    }

    private final Supplier<AlarmService> alarms;
    private final Supplier<ReferenceService> references;
    private final Clock clock;
    private final Semaphore workers = new Semaphore(WORKERS, true);
    private volatile Token token;
    private volatile String prefix;
    private long lastRefusalLogged;
    private final byte[] script;
    private final byte[] style;

    AlarmApi(Supplier<AlarmService> alarms, Supplier<ReferenceService> references, Clock clock, Token token,
            String prefix) {
        this.alarms = alarms;
        this.references = references;
        this.clock = clock;
        this.token = token;
        this.prefix = prefix;
        this.script = resource("page.js");
        this.style = resource("page.css");
    }

    void configure(Token t, String p) {
        token = t;
        prefix = p;
    }

    private static byte[] resource(String name) {
        try (InputStream in = AlarmApi.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Response handle(Request r) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Cache-Control", "no-cache");
        headers.put("X-Content-Type-Options", "nosniff");
        try {
            if (!workers.tryAcquire(250, TimeUnit.MILLISECONDS)) {
                headers.put("Retry-After", "1");
                return error(503, "busy: every worker is answering another request; ask again in a second", null, headers);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return error(503, "interrupted", null, headers);
        }
        try {
            return route(r, headers);
        } catch (Refused e) {
            if (e.status == 401) {
                headers.put("WWW-Authenticate", "Bearer realm=\"snoop alarms\"");
            }
            return error(e.status, e.getMessage(), e.parameter, headers);
        } catch (AnswerTooLargeException e) {
            return error(400, e.getMessage(), "from", headers);
        } catch (QueryStoppedException e) {
            headers.put("Retry-After", "1");
            return error(503, e.getMessage() + "; ask for a shorter range", "from", headers);
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage(), null, headers);
        } catch (StoreException e) {
            return error(503, e.getMessage(), null, headers);
        } catch (RuntimeException | IOException e) {
            LOG.error("{} {} failed", r.method(), shorten(r.path()), e);
            return error(500, "internal error: " + e, null, headers);
        } finally {
            workers.release();
        }
    }

    private Response route(Request r, Map<String, String> headers) throws Refused, StoreException, IOException {
        String p = prefix;
        String path = r.path();
        if (!path.startsWith(p + "/api/v1/")) {
            throw new Refused(404, "no such path: " + shorten(path), null);
        }
        List<String> seg = new ArrayList<>(Arrays.asList(path.substring(p.length() + "/api/v1/".length()).split("/", -1)));
        if (seg.size() > 1 && seg.get(seg.size() - 1).isEmpty()) {
            seg.remove(seg.size() - 1);
        }
        String m = r.method();
        boolean read = m.equals("GET") || m.equals("HEAD");
        String top = seg.get(0);
        int n = seg.size();
        if (top.equals("alarms")) {
            AlarmService a = alarms.get();
            if (n == 2 && read && seg.get(1).equals("page.js")) {
                return asset(script, "text/javascript;charset=UTF-8", headers);
            }
            if (n == 2 && read && seg.get(1).equals("page.css")) {
                return asset(style, "text/css;charset=UTF-8", headers);
            }
            if (a == null) {
                throw new Refused(503, "the alarm engine is not running", null);
            }
            if (n == 1 && read) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("time", clock.millis());
                out.put("active", a.active().stream().map(Alarm::toMap).toList());
                out.put("silences", a.silences().stream().map(Silence::toMap).toList());
                out.put("problems", a.problems());
                out.put("writable", token.problem() == null);
                return json(out, headers);
            }
            if (n == 2 && read && seg.get(1).equals("history")) {
                return history(a, r, headers);
            }
            if (n == 2 && read && seg.get(1).equals("rules")) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("rules", a.rules());
                out.put("problems", a.problems());
                return json(out, headers);
            }
            if (n == 3 && m.equals("POST") && seg.get(2).equals("ack")) {
                authorize(r);
                Map<String, Object> body = body(r);
                Alarm ack = a.acknowledge(seg.get(1), text(body, "by", true), text(body, "comment", false));
                return json(ack.toMap(), headers);
            }
            if (n == 2 && m.equals("POST") && seg.get(1).equals("silences")) {
                authorize(r);
                Map<String, Object> body = body(r);
                long ms = duration(text(body, "duration", true));
                Silence s = a.silence(text(body, "pattern", true), Duration.ofMillis(ms), text(body, "by", true),
                        text(body, "comment", false));
                return json(s.toMap(), headers);
            }
            if (n == 3 && m.equals("DELETE") && seg.get(1).equals("silences")) {
                authorize(r);
                boolean had = a.unsilence(seg.get(2));
                if (!had) {
                    throw new Refused(404, "no silence of " + shorten(seg.get(2)), null);
                }
                return json(Map.of("unsilenced", seg.get(2)), headers);
            }
            return notAllowed(r, headers, read, n <= 3);
        }
        if (top.equals("references")) {
            ReferenceService refs = references.get();
            if (refs == null) {
                throw new Refused(503, "the alarm engine is not running", null);
            }
            if (n == 1 && read) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("references", refs.references());
                Map<String, Object> q = new LinkedHashMap<>();
                for (Map.Entry<String, Quality> e : refs.quality().entrySet()) {
                    Map<String, Object> qm = e.getValue().toMap();
                    q.put(e.getKey(), qm);
                }
                out.put("quality", q);
                return json(out, headers);
            }
            if (n == 2 && read) {
                Map<String, Object> h = refs.histogram(seg.get(1));
                if (h == null) {
                    throw new Refused(404, "no reference named " + shorten(seg.get(1)), null);
                }
                Reference ref = refs.references().stream().filter(x -> x.name().equals(seg.get(1))).findFirst()
                        .orElse(null);
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("reference", ref);
                out.put("histogram", h);
                return json(out, headers);
            }
            if (n == 2 && m.equals("POST")) {
                authorize(r);
                Map<String, Object> body = body(r);
                String field = text(body, "field", true);
                int dot = field.indexOf('.');
                if (dot <= 0) {
                    throw new Refused(400, "field is PROCESSOR.PATH (nhit.data.hist), not " + shorten(field), "field");
                }
                Long run = body.get("run") instanceof Number num ? num.longValue() : null;
                long now = clock.millis();
                long from = run != null ? 0 : time("from", text(body, "from", true), now);
                long to = run != null ? 0 : body.get("to") == null ? now : time("to", text(body, "to", true), now);
                Reference saved = refs.save(seg.get(1), field.substring(0, dot), field.substring(dot + 1), run, from, to);
                return json(Map.of("reference", saved), headers);
            }
            if (n == 2 && m.equals("DELETE")) {
                authorize(r);
                if (!refs.remove(seg.get(1))) {
                    throw new Refused(404, "no reference named " + shorten(seg.get(1)), null);
                }
                return json(Map.of("removed", seg.get(1)), headers);
            }
            return notAllowed(r, headers, read, n <= 2);
        }
        throw new Refused(404, "no such path: " + shorten(path), null);
    }

    private Response notAllowed(Request r, Map<String, String> headers, boolean read, boolean known) throws Refused {
        if (!read && known) {
            headers.put("Allow", "GET, HEAD, POST, DELETE");
            throw new Refused(405, r.method() + " is not supported on " + shorten(r.path()), null);
        }
        throw new Refused(404, "no such path: " + shorten(r.path()), null);
    }

    private Response history(AlarmService a, Request r, Map<String, String> headers) throws Refused, StoreException,
            IOException {
        long now = clock.millis();
        long from = time("from", param(r, "from", "-24h"), now);
        long to = time("to", param(r, "to", "now"), now);
        if (to < from) {
            throw new Refused(400, "to is before from", "to");
        }
        Severity severity = null;
        String s = param(r, "severity", null);
        if (s != null) {
            try {
                severity = Severity.parse(s);
            } catch (IllegalArgumentException e) {
                throw new Refused(400, "severity: " + e.getMessage(), "severity");
            }
        }
        String name = param(r, "name", null);
        if (name != null && (name.length() > 128 || !name.matches("[A-Za-z0-9._*-]+"))) {
            throw new Refused(400, "name is an alarm's name or a pattern with * (letters, digits, . _ - *)", "name");
        }
        int limit;
        try {
            limit = Integer.parseInt(param(r, "limit", "1000"));
        } catch (NumberFormatException e) {
            throw new Refused(400, "limit is a whole number", "limit");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new Refused(400, "limit is from 1 to " + MAX_LIMIT, "limit");
        }
        List<Alarm> h = a.history(from, to == now ? Long.MAX_VALUE : to, severity, name, limit,
                QueryLimits.of(HISTORY_TIMEOUT_MS, HISTORY_MAX_BYTES));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", from);
        out.put("to", to);
        out.put("changes", h.stream().map(Alarm::toMap).toList());
        return json(out, headers);
    }

    private void authorize(Request r) throws Refused {
        Token t = token;
        String problem = t.problem();
        if (problem != null) {
            throw new Refused(403, "acknowledging and silencing are not enabled: " + problem, null);
        }
        String auth = r.authorization();
        if (auth == null || auth.isBlank()) {
            refusal("no token");
            throw new Refused(401, "this needs the alarms token: send it as 'Authorization: Bearer TOKEN'", null);
        }
        String given = auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).strip() : "";
        if (!t.accepts(given)) {
            refusal("a wrong token");
            throw new Refused(403, "the token is not the alarms token", null);
        }
    }

    /** A refused write is logged, at most once a minute, never with what was sent. */
    private synchronized void refusal(String what) {
        long now = clock.millis();
        if (now - lastRefusalLogged > 60_000) {
            lastRefusalLogged = now;
            LOG.warn("alarms: a write request with {} was refused (logged at most once a minute)", what);
        }
    }

    private static Map<String, Object> body(Request r) throws Refused {
        String b = r.body();
        if (b == null || b.isBlank()) {
            throw new Refused(400, "the request needs a JSON body", null);
        }
        try {
            Object o = MAPPER.readValue(b, Object.class);
            if (!(o instanceof Map)) {
                throw new Refused(400, "the body must be a JSON object", null);
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) o;
            return m;
        } catch (IOException e) {
            throw new Refused(400, "the body is not JSON", null);
        }
    }

    private static String text(Map<String, Object> body, String key, boolean required) throws Refused {
        Object v = body.get(key);
        if (v == null) {
            if (required) {
                throw new Refused(400, key + " is missing", key);
            }
            return "";
        }
        if (!(v instanceof String || v instanceof Number)) {
            throw new Refused(400, key + " must be text", key);
        }
        return v.toString();
    }

    private static String param(Request r, String name, String dflt) throws Refused {
        List<String> v = r.params().get(name);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        if (v.size() > 1) {
            throw new Refused(400, name + " is given more than once", name);
        }
        return v.get(0);
    }

    /** ms since the epoch, ISO-8601, now, or relative (-30m, -2h, -7d). */
    static long time(String parameter, String t, long now) throws Refused {
        String s = t.strip();
        if (s.equalsIgnoreCase("now")) {
            return now;
        }
        Matcher m = RELATIVE.matcher(s);
        if (m.matches()) {
            return now - Long.parseLong(m.group(1)) * switch (m.group(2)) {
                case "s" -> 1000L;
                case "m" -> 60_000L;
                case "h" -> 3_600_000L;
                case "d" -> 86_400_000L;
                default -> 604_800_000L;
            };
        }
        if (s.matches("\\d{1,15}")) {
            return Long.parseLong(s);
        }
        try {
            return Instant.parse(s).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new Refused(400, parameter + ": '" + shorten(s) + "' is not a time: ms since the epoch, ISO-8601, now, "
                    + "or relative (-30m, -2h, -7d)", parameter);
        }
    }

    private static long duration(String d) throws Refused {
        Matcher m = Pattern.compile("(\\d{1,9})(s|m|h|d)").matcher(d.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new Refused(400, "duration: '" + shorten(d) + "' is not a duration: 30m, 2h, 1d", "duration");
        }
        return Long.parseLong(m.group(1)) * switch (m.group(2)) {
            case "s" -> 1000L;
            case "m" -> 60_000L;
            case "h" -> 3_600_000L;
            default -> 86_400_000L;
        };
    }

    private static Response asset(byte[] bytes, String type, Map<String, String> headers) {
        headers.put("Content-Type", type);
        return new Response(200, headers, bytes);
    }

    private static Response json(Object body, Map<String, String> headers) throws IOException {
        headers.put("Content-Type", JSON);
        return new Response(200, headers, DocumentJson.writer().writeValueAsBytes(body));
    }

    /** A body larger than {@link #MAX_BODY}: 413, in JSON as every other answer. */
    static Response tooLarge() {
        return error(413, "the body is larger than " + MAX_BODY + " bytes", null, new LinkedHashMap<>());
    }

    private static Response error(int status, String message, String parameter, Map<String, String> headers) {
        headers.put("Content-Type", JSON);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", message);
        if (parameter != null) {
            m.put("parameter", parameter);
        }
        try {
            return new Response(status, headers, DocumentJson.writer().writeValueAsBytes(m));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String shorten(String s) {
        String one = s == null ? "" : s.replaceAll("\\p{Cntrl}", "?");
        return one.length() > 80 ? one.substring(0, 77) + "..." : one;
    }
}

package org.snoplus.snoop.web.api.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snoplus.snoop.admin.ProcessorInfo;
import org.snoplus.snoop.admin.SnoopAdmin;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.json.DocumentJson;
import org.snoplus.snoop.query.Aggregate;
import org.snoplus.snoop.query.AggregateQuery;
import org.snoplus.snoop.query.AnswerTooLargeException;
import org.snoplus.snoop.query.Cut;
import org.snoplus.snoop.query.QueryLimits;
import org.snoplus.snoop.query.QueryService;
import org.snoplus.snoop.query.QueryStoppedException;
import org.snoplus.snoop.query.Series;
import org.snoplus.snoop.query.SeriesQuery;
import org.snoplus.snoop.query.StoreException;

import com.fasterxml.jackson.core.JsonGenerator;

/**
 * The REST API, free of the servlet API: routes a request, parses its parameters
 * ({@link Params}), asks the {@link QueryService} and writes the answer as JSON into an
 * {@link Exchange}. Paths are those of {@code openapi.json} (a resource beside this class, served
 * at {@code /api/openapi.json}).
 *
 * <p><b>Bounds.</b> Every request runs within {@link QueryLimits}: a time limit
 * ({@code timeout.ms}) and a budget ({@code answer.max.mb}). A question whose answer would not fit
 * is refused before it is read, with 400 naming the parameter to narrow and the budget; the work
 * stops when the time limit passes (503 with {@code Retry-After}) or when the client goes away
 * while the answer is sent. Requests are worked on by a bounded number of {@link Workers}; one
 * that finds them busy is answered 503 with {@code Retry-After}. Relative times ({@code now},
 * {@code -1h}, and {@code to} when absent) are taken from the time of the request rounded up to
 * the second, so that dashboards asking the same question within a second ask the same question
 * of the query service, which answers it once and keeps the answer.
 *
 * <p><b>Answers</b> are written as they are made ({@link AnswerOutput}): one that fits in
 * {@value #HELD} bytes goes out whole, with {@code Content-Length} and an {@code ETag} (a hash of
 * its body), so that a client polling the latest value gets {@code 304 Not Modified} while nothing
 * changed; a larger one is streamed. Every answer with data carries {@code Cache-Control: no-cache}.
 * Errors are {@code {"error": "...", "parameter": "..."}}: 400 for a bad parameter, 404 for an
 * unknown path or processor, 503 when the store cannot answer, the time limit passed or the workers
 * are busy.
 *
 * <p>Thread-safe: the servlet container calls it from many threads; the settings are replaced
 * whole.
 */
final class Api {

    static final int DEFAULT_POINTS = 1000;
    static final int DEFAULT_LIMIT = 100;
    /** An answer up to this size goes out whole, with its length and ETag; a larger one is streamed. */
    static final int HELD = 256 * 1024;
    /** Relative times are taken from the time of the request rounded up to this. */
    static final long RELATIVE_GRID_MS = 1000;
    /** Requests over ranges up to this long are light (a dashboard's last hour); longer ones heavy. */
    static final long LIGHT_RANGE_MS = 3_600_000;
    /** What a client told to come back is told to wait, s. */
    static final String RETRY_AFTER = "1";

    private static final Logger LOG = LoggerFactory.getLogger(Api.class);

    private static final String JSON = "application/json;charset=UTF-8";
    private static final String ALLOW = "GET, HEAD, OPTIONS";
    private static final Pattern HEADER_NAMES = Pattern.compile("[A-Za-z0-9-]+(\\s*,\\s*[A-Za-z0-9-]+)*");
    /** Accepted with any path and ignored: the cache-buster that some JavaScript libraries add. */
    private static final String CACHE_BUSTER = "_";
    private static final Object ABSENT = new Object();

    private final Supplier<QueryService> query;
    private final Supplier<SnoopAdmin> admin;
    private final Clock clock;
    private final byte[] openApi;
    private volatile Configured configured;

    /** The settings and what follows from them, replaced together. */
    private record Configured(ApiSettings settings, byte[] openApi, Workers workers) {
    }

    /** A failure that is not the client's parameter's: status and message. */
    private static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        Failure(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /** The body of an answer, written as JSON. */
    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator gen) throws IOException, StoreException;
    }

    /** What a route answers: the body, and the parameter to narrow if it outgrows its budget. */
    private record Reply(Body body, String narrow) {
    }

    /**
     * @param query the query service now, or null when there is none
     * @param admin the running platform, or null when there is none (processor states are then not shown)
     */
    Api(Supplier<QueryService> query, Supplier<SnoopAdmin> admin, Clock clock, ApiSettings settings) {
        this.query = query;
        this.admin = admin;
        this.clock = clock;
        try (InputStream in = Api.class.getResourceAsStream("openapi.json")) {
            this.openApi = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        configure(settings);
    }

    ApiSettings settings() {
        return configured.settings();
    }

    /** Takes new settings; requests being answered finish with the old ones. */
    void configure(ApiSettings settings) {
        Configured before = configured;
        Workers workers = before != null && before.workers().heavy() == settings.workers() ? before.workers()
                : new Workers(settings.workers());
        configured = new Configured(settings, withServer(openApi, settings.prefix()), workers);
    }

    /** The description with its server: the prefix, which {@link ApiSettings} allows only path characters. */
    private static byte[] withServer(byte[] description, String prefix) {
        String text = new String(description, StandardCharsets.UTF_8);
        int brace = text.indexOf('{');
        String server = "\"servers\":[{\"url\":\"" + (prefix.isEmpty() ? "/" : prefix) + "\"}],";
        return (text.substring(0, brace + 1) + server + text.substring(brace + 1)).getBytes(StandardCharsets.UTF_8);
    }

    /** Requests being worked on now: heavy, light. */
    int[] busy() {
        return configured.workers().busy();
    }

    /** Answers {@code request} in memory: for tests and tools. */
    ApiResponse handle(ApiRequest request) {
        MemoryExchange exchange = new MemoryExchange(request.method().equals("HEAD"));
        try {
            serve(request, exchange);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return exchange.response();
    }

    /**
     * Answers {@code request} into {@code exchange}.
     *
     * @throws IOException if the client went away, or if the answer failed after it had started
     *         to go out (the exchange must then be abandoned: the client sees a broken answer)
     */
    void serve(ApiRequest request, Exchange exchange) throws IOException {
        Configured c = configured;
        Map<String, String> headers = new LinkedHashMap<>();
        cors(c.settings(), request, headers);
        switch (request.method()) {
            case "GET":
            case "HEAD":
                break;
            case "OPTIONS":
                send(exchange, preflight(c.settings(), request, headers));
                return;
            default:
                headers.put("Allow", ALLOW);
                send(exchange, error(405, request.method() + " is not supported: the API is read-only (" + ALLOW + ")",
                        null, headers));
                return;
        }
        try (Workers.Permit permit = c.workers().enter(heavy(c, request))) {
            if (permit == null) {
                headers.put("Retry-After", RETRY_AFTER);
                send(exchange, error(503, "busy: every worker is answering another request; ask again in a second",
                        null, headers));
                return;
            }
            QueryLimits limits = QueryLimits.of(c.settings().timeoutMillis(), c.settings().maxBytes());
            answer(c, request, exchange, headers, limits);
        }
    }

    private void answer(Configured c, ApiRequest request, Exchange exchange, Map<String, String> headers,
            QueryLimits limits) throws IOException {
        AnswerOutput out = null;
        try {
            Reply reply = route(c, request, limits);
            AnswerOutput body = new AnswerOutput(HELD, limits, reply.narrow(), () -> {
                headers.put("Cache-Control", "no-cache");
                headers.put("Content-Type", JSON);
                headers.put("X-Content-Type-Options", "nosniff");
                return exchange.start(200, headers, -1);
            });
            out = body;
            JsonGenerator gen = DocumentJson.writer().createGenerator(body);
            // an answer cut short must not be closed into one that looks whole
            gen.disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);
            gen.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            reply.body().write(gen);
            gen.flush();
            if (!body.streaming()) {
                send(exchange, ok(body.held(), request, headers));
            }
        } catch (BadParameter e) {
            fail(exchange, out, error(400, e.getMessage(), e.parameter(), headers));
        } catch (Failure e) {
            fail(exchange, out, error(e.status, e.getMessage(), null, headers));
        } catch (AnswerTooLargeException e) {
            Map<String, Object> extra = Map.of("budget", e.budget());
            fail(exchange, out, error(400, e.getMessage(), e.parameter(), headers, extra));
        } catch (QueryStoppedException e) {
            if (!e.timedOut()) {
                throw new IOException("answer given up: " + e.getMessage());
            }
            headers.put("Retry-After", RETRY_AFTER);
            fail(exchange, out, error(503, e.getMessage() + "; ask for a shorter range", "from", headers));
        } catch (StoreException e) {
            fail(exchange, out, error(503, e.getMessage(), null, headers));
        } catch (IllegalArgumentException e) {
            // the query service refused what the parameters asked for (answers that cannot be
            // written are IllegalStateException)
            fail(exchange, out, error(400, e.getMessage(), null, headers));
        } catch (IOException e) {
            throw e; // the client went away: nobody to answer
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", request.method(), Params.shorten(request.path()), e);
            fail(exchange, out, error(500, "internal error: " + e, null, headers));
        }
    }

    /** Sends an error, or, if the answer already started to go out, abandons it. */
    private static void fail(Exchange exchange, AnswerOutput out, Reply error) throws IOException {
        if (exchange.started()) {
            // the status went: all that is left is to break the answer off, so the client sees it is cut
            LOG.warn("an answer was broken off after it had started: {}", error.narrow());
            throw new IOException("answer broken off: " + error.narrow());
        }
        send(exchange, error);
    }

    private static void send(Exchange exchange, Reply r) throws IOException {
        ErrorReply e = (ErrorReply) r.body();
        OutputStream out = exchange.start(e.status, e.headers, e.bytes.length);
        out.write(e.bytes);
    }

    /** A reply whose bytes are made already: an error, a 304, a small answer. */
    private record ErrorReply(int status, Map<String, String> headers, byte[] bytes) implements Body {
        @Override
        public void write(JsonGenerator gen) {
            throw new UnsupportedOperationException();
        }
    }

    /**
     * Whether a request is heavy: over a range longer than {@link #LIGHT_RANGE_MS} (series,
     * aggregates, documents, woodstock ranges), over a run, or with cuts on the woodstock paths. What
     * a dashboard asks all the time — latest values, the last hour — is light, and so is a request
     * whose parameters are wrong (it is refused at once): a crowd asking for weeks then waits for
     * the heavy workers while the dashboards go on with theirs.
     */
    private boolean heavy(Configured c, ApiRequest r) {
        String path = r.path();
        String prefix = c.settings().prefix();
        if (!path.startsWith(prefix + "/")) {
            return false;
        }
        String p = path.substring(prefix.length());
        try {
            if (p.startsWith("/api/v1/series/") || p.startsWith("/api/v1/documents/")
                    || p.startsWith("/api/v1/aggregate/")) {
                if (r.params().containsKey("run")) {
                    return true;
                }
                Params.Range range = Params.range(single(r, "from"), single(r, "to"), now());
                return range.to() - range.from() > LIGHT_RANGE_MS;
            }
            if (p.startsWith("/proc/")) {
                if (!r.params().isEmpty()) {
                    return true;
                }
                List<String> seg = segments(p, path);
                if (seg.size() < 4) {
                    return false;
                }
                Params.Range range = Params.woodstockRange(seg.get(3), now());
                return range.to() - range.from() > LIGHT_RANGE_MS;
            }
        } catch (BadParameter | Failure e) {
            return false;
        }
        return false;
    }

    private static String single(ApiRequest r, String name) {
        List<String> values = r.params().getOrDefault(name, List.of());
        return values.size() == 1 ? values.get(0) : null;
    }

    /** The time relative times are taken from: now, rounded up to the second. */
    private long now() {
        long t = clock.millis();
        long r = Math.floorMod(t, RELATIVE_GRID_MS);
        return r == 0 ? t : t - r + RELATIVE_GRID_MS;
    }

    // ------------------------------------------------------------------ routes

    private Reply route(Configured c, ApiRequest r, QueryLimits limits)
            throws BadParameter, Failure, StoreException {
        String prefix = c.settings().prefix();
        String path = r.path();
        if (!path.startsWith(prefix + "/")) {
            throw notFound(path);
        }
        List<String> seg = segments(path.substring(prefix.length()), path);
        int n = seg.size();
        if (n >= 2 && seg.get(0).equals("api")) {
            if (n == 2 && seg.get(1).equals("openapi.json")) {
                Query.of(r);
                byte[] bytes = c.openApi();
                return new Reply(gen -> gen.writeRawValue(new String(bytes, StandardCharsets.UTF_8)), null);
            }
            if (n >= 3 && seg.get(1).equals("v1")) {
                String name = n >= 4 ? seg.get(3) : null;
                switch (seg.get(2)) {
                    case "processors":
                        if (n == 3) {
                            Query.of(r);
                            return processors();
                        }
                        break;
                    case "latest":
                        if (n >= 4) {
                            Query.of(r);
                            if (n == 4) {
                                SampleDocument doc = newest(name);
                                return new Reply(gen -> gen.writeObject(doc.toMap()), null);
                            }
                            return latestField(name, joinedPath(seg.subList(4, n)));
                        }
                        break;
                    case "series":
                        if (n == 4) {
                            return series(c.settings(), Query.of(r, "from", "to", "fields", "cut", "points"), name,
                                    limits);
                        }
                        break;
                    case "aggregate":
                        if (n == 4) {
                            return aggregate(Query.of(r, "from", "to", "fields", "run"), name, limits);
                        }
                        break;
                    case "documents":
                        if (n == 4) {
                            return documents(c.settings(), Query.of(r, "from", "to", "limit"), name, limits);
                        }
                        break;
                    default:
                        break;
                }
            }
        } else if ((n == 3 || n == 4) && seg.get(0).equals("proc")) {
            return woodstock(c.settings(), r, seg.get(1), seg.get(2), n == 4 ? seg.get(3) : null, limits);
        }
        throw notFound(path);
    }

    /** The field of {@code /latest/NAME/a/b/c}: its path segments joined with dots, checked as a path. */
    private static String joinedPath(List<String> segments) throws BadParameter {
        if (segments.size() > Params.MAX_SEGMENTS) {
            throw new BadParameter("field", "field has more than " + Params.MAX_SEGMENTS + " segments");
        }
        return Params.path("field", String.join(".", segments));
    }

    /** The path's segments; a trailing slash is ignored, an empty segment inside is not a path of ours. */
    private static List<String> segments(String path, String whole) throws Failure {
        List<String> seg = new ArrayList<>(Arrays.asList(path.substring(1).split("/", -1)));
        if (seg.size() > 1 && seg.get(seg.size() - 1).isEmpty()) {
            seg.remove(seg.size() - 1);
        }
        if (seg.contains("")) {
            throw notFound(whole);
        }
        return seg;
    }

    private static Failure notFound(String path) {
        return new Failure(404, "no such path: " + Params.shorten(path)
                + " (the API is described at /api/openapi.json)");
    }

    // ------------------------------------------------------------------ /api/v1

    private Reply processors() throws Failure, StoreException {
        QueryService qs = queryService();
        List<String> stored = qs.names();
        List<ProcessorInfo> live = live();
        Map<String, Map<String, Object>> byName = new TreeMap<>();
        for (String name : stored) {
            entry(byName, name, live != null).put("stored", true);
        }
        if (live != null) {
            for (ProcessorInfo p : live) {
                @SuppressWarnings("unchecked")
                List<Object> versions = (List<Object>) entry(byName, p.name(), true).get("live");
                versions.add(info(p));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("store", qs.store());
        out.put("admin", live != null);
        out.put("processors", new ArrayList<>(byName.values()));
        return new Reply(gen -> gen.writeObject(out), null);
    }

    private static Map<String, Object> entry(Map<String, Map<String, Object>> byName, String name, boolean admin) {
        return byName.computeIfAbsent(name, k -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", k);
            m.put("stored", false);
            if (admin) {
                m.put("live", new ArrayList<>());
            }
            return m;
        });
    }

    private List<ProcessorInfo> live() {
        SnoopAdmin a = admin.get();
        if (a == null) {
            return null;
        }
        try {
            return a.processors();
        } catch (RuntimeException e) {
            // going away while asked; the list is still worth answering without it
            LOG.debug("processor states not available: {}", e.toString());
            return null;
        }
    }

    private static Map<String, Object> info(ProcessorInfo p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("state", p.state());
        m.put("version", p.version());
        m.put("bundle", p.bundle());
        m.put("events", p.events());
        m.put("aborts", p.aborts());
        m.put("errors", p.errors());
        m.put("lost", p.lost());
        m.put("held", p.held());
        m.put("samples", p.samples());
        m.put("lastSampleTime", p.lastSampleTime());
        m.put("lastError", p.lastError());
        return m;
    }

    private Reply latestField(String name, String field) throws BadParameter, Failure, StoreException {
        SampleDocument doc = newest(name);
        Object value = resolve(doc, field);
        if (value == ABSENT) {
            throw new Failure(404, "the newest document of " + name + " (time " + doc.time() + ") has no field " + field);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("time", doc.time());
        out.put("value", value);
        return new Reply(gen -> gen.writeObject(out), null);
    }

    private Reply series(ApiSettings s, Query q, String name, QueryLimits limits)
            throws BadParameter, Failure, StoreException {
        Params.Range range = Params.range(q.single("from"), q.single("to"), now());
        List<String> fields = Params.fields("fields", q.all("fields"));
        List<Cut> cuts = cuts(q.all("cut"));
        String p = q.single("points");
        int points = p == null ? Math.min(DEFAULT_POINTS, s.maxPoints()) : Params.positive("points", p, s.maxPoints());
        QueryService qs = queryService();
        known(qs, name, cuts, cuts.stream().map(c -> "cut").toList());
        Series series = qs.series(new SeriesQuery(name, range.from(), range.to(), fields, cuts, points), limits);
        return new Reply(gen -> {
            gen.writeStartObject();
            gen.writeStringField("name", series.name());
            gen.writeNumberField("from", range.from());
            gen.writeNumberField("to", range.to());
            gen.writeObjectField("fields", series.fields());
            gen.writeArrayFieldStart("points");
            for (int i = 0; i < series.times().length; i++) {
                gen.writeStartArray();
                gen.writeNumber(series.times()[i]);
                for (Object v : series.values().get(i)) {
                    gen.writeObject(v);
                }
                gen.writeEndArray();
            }
            gen.writeEndArray();
            gen.writeNumberField("documents", series.documents());
            gen.writeBooleanField("downsampled", series.downsampled());
            gen.writeEndObject();
        }, "points");
    }

    private static List<Cut> cuts(List<String> texts) throws BadParameter {
        if (texts.size() > Params.MAX_CUTS) {
            throw new BadParameter("cut", "at most " + Params.MAX_CUTS + " cuts, not " + texts.size());
        }
        List<Cut> cuts = new ArrayList<>();
        for (String c : texts) {
            cuts.add(Params.cut("cut", c));
        }
        return cuts;
    }

    private Reply aggregate(Query q, String name, QueryLimits limits) throws BadParameter, Failure, StoreException {
        String runText = q.single("run");
        Long run = runText == null ? null : Params.run("run", runText);
        String from = q.single("from");
        String to = q.single("to");
        long start;
        long end;
        if (run != null && from == null && to == null) {
            start = Long.MIN_VALUE;
            end = Long.MAX_VALUE;
        } else {
            Params.Range range = Params.range(from, to, now());
            start = range.from();
            end = range.to();
        }
        List<String> fields = Params.fields("fields", q.all("fields"));
        QueryService qs = queryService();
        known(qs, name, List.of(), List.of());
        Aggregate a;
        try {
            a = qs.aggregate(new AggregateQuery(name, start, end, run, fields), limits);
        } catch (AnswerTooLargeException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new BadParameter("fields", e.getMessage());
        }
        return new Reply(gen -> {
            gen.writeStartObject();
            gen.writeStringField("name", a.name());
            writeTime(gen, "from", a.from(), Long.MIN_VALUE);
            writeTime(gen, "to", a.to(), Long.MAX_VALUE);
            gen.writeObjectField("run", a.run());
            gen.writeNumberField("documents", a.documents());
            gen.writeObjectField("data", a.data());
            gen.writeEndObject();
        }, "fields");
    }

    /** A time of an aggregate's range; null where the range is open (a run without documents). */
    private static void writeTime(JsonGenerator gen, String name, long time, long open) throws IOException {
        if (time == open || time == Long.MIN_VALUE) {
            gen.writeNullField(name);
        } else {
            gen.writeNumberField(name, time);
        }
    }

    private Reply documents(ApiSettings s, Query q, String name, QueryLimits limits)
            throws BadParameter, Failure, StoreException {
        Params.Range range = Params.range(q.single("from"), q.single("to"), now());
        String l = q.single("limit");
        int limit = l == null ? Math.min(DEFAULT_LIMIT, s.maxPoints()) : Params.positive("limit", l, s.maxPoints());
        QueryService qs = queryService();
        known(qs, name, List.of(), List.of());
        return new Reply(gen -> {
            gen.writeStartObject();
            gen.writeStringField("name", name);
            gen.writeNumberField("from", range.from());
            gen.writeNumberField("to", range.to());
            gen.writeArrayFieldStart("documents");
            IOException[] failed = {null};
            qs.documents(name, range.from(), range.to(), limit, limits, doc -> {
                if (failed[0] == null) {
                    try {
                        gen.writeObject(doc.toMap());
                    } catch (IOException e) {
                        failed[0] = e;
                        limits.cancel("the client went away: " + e.getMessage());
                    }
                }
            });
            if (failed[0] != null) {
                throw failed[0];
            }
            gen.writeEndArray();
            gen.writeEndObject();
        }, "limit");
    }

    // ------------------------------------------------------------------ woodstock's /proc

    /**
     * woodstock's paths: {@code /proc/NAME/KEY} is the newest value of {@code data.KEY}, as a bare
     * JSON value; with a range, or with cuts, {@code [[time, value], ...]}, newest first, as
     * woodstock gave them. Every query parameter is a cut {@code PROC.KEY=VALUE} on
     * {@code data.KEY} of processor PROC.
     */
    private Reply woodstock(ApiSettings s, ApiRequest r, String name, String key, String rangeText,
            QueryLimits limits) throws BadParameter, Failure, StoreException {
        String field = "data." + Params.path("key", key);
        List<Cut> cuts = new ArrayList<>();
        List<String> cutParams = new ArrayList<>();
        for (Map.Entry<String, List<String>> p : r.params().entrySet()) {
            String param = p.getKey();
            if (param.equals(CACHE_BUSTER)) {
                continue;
            }
            // the name is the client's: as long as it likes, so it is named short
            String shown = Params.shorten(param);
            int dot = param.indexOf('.');
            if (dot <= 0 || dot == param.length() - 1) {
                throw new BadParameter(shown, "a query parameter here is a cut PROCESSOR.KEY=VALUE or "
                        + "PROCESSOR.KEY=MIN..MAX (e.g. ?rate.rate=0..100), not '" + shown + "'");
            }
            String keyPath = Params.path(shown, param.substring(dot + 1));
            for (String value : p.getValue()) {
                if (cuts.size() == Params.MAX_CUTS) {
                    throw new BadParameter(shown, "at most " + Params.MAX_CUTS + " cuts");
                }
                cuts.add(Params.cut(shown, param.substring(0, dot), "data." + keyPath, value));
                cutParams.add(shown);
            }
        }
        if (rangeText == null && cuts.isEmpty()) {
            SampleDocument doc = newest(name);
            Object value = resolve(doc, field);
            if (value == ABSENT) {
                throw new Failure(404, "the newest document of " + name + " (time " + doc.time() + ") has no field "
                        + field);
            }
            return new Reply(gen -> gen.writeObject(value), null);
        }
        // with cuts but no range, woodstock gave every value that passed them
        Params.Range range = Params.woodstockRange(rangeText == null ? "all" : rangeText, now());
        QueryService qs = queryService();
        known(qs, name, cuts, cutParams);
        long from = range.from();
        if (from == 0) {
            // Down-sampling cuts [from, to) into equal buckets: from 1970, a year of data would
            // fall into a few of them. Start at the first document instead (the time of the one
            // point of a series of one point).
            long[] first = qs.series(new SeriesQuery(name, 0, range.to(), List.of("time"), List.of(), 1), limits)
                    .times();
            from = first.length > 0 ? first[0] : from;
        }
        Series series = qs.series(new SeriesQuery(name, from, range.to(), List.of(field), cuts, s.maxPoints()), limits);
        return new Reply(gen -> {
            gen.writeStartArray();
            for (int i = series.times().length - 1; i >= 0; i--) {
                Object[] values = series.values().get(i);
                gen.writeStartArray();
                gen.writeNumber(series.times()[i]);
                gen.writeObject(values.length > 0 ? values[0] : null);
                gen.writeEndArray();
            }
            gen.writeEndArray();
        }, "range");
    }

    // ------------------------------------------------------------------ helpers

    private QueryService queryService() throws Failure {
        QueryService qs = query.get();
        if (qs == null) {
            throw new Failure(503, "the store cannot be read: no query service is running");
        }
        return qs;
    }

    private SampleDocument newest(String name) throws Failure, StoreException {
        SampleDocument doc = queryService().latest(name);
        if (doc == null) {
            throw new Failure(404, "no documents of processor " + Params.shorten(name));
        }
        return doc;
    }

    /** 404 unless {@code name} has documents; 400 naming the parameter of a cut whose processor has none. */
    private static void known(QueryService qs, String name, List<Cut> cuts, List<String> params)
            throws BadParameter, Failure, StoreException {
        List<String> names = qs.names();
        if (!names.contains(name)) {
            throw new Failure(404, "no documents of processor " + Params.shorten(name));
        }
        for (int i = 0; i < cuts.size(); i++) {
            if (!names.contains(cuts.get(i).name())) {
                throw new BadParameter(params.get(i), params.get(i) + ": no documents of processor "
                        + cuts.get(i).name() + " to cut on");
            }
        }
    }

    /**
     * The value at a dotted path in the document's JSON form: map keys, and indices into lists
     * and arrays ({@code data.hist.3}); {@link #ABSENT} if there is nothing there.
     */
    static Object resolve(SampleDocument doc, String path) {
        Object at = doc.toMap();
        for (String key : path.split("\\.")) {
            if (at instanceof Map<?, ?> m) {
                if (!m.containsKey(key)) {
                    return ABSENT;
                }
                at = m.get(key);
            } else if (at instanceof List<?> || (at != null && at.getClass().isArray())) {
                int size = at instanceof List<?> l ? l.size() : Array.getLength(at);
                int i;
                try {
                    i = Integer.parseInt(key);
                } catch (NumberFormatException e) {
                    return ABSENT;
                }
                if (i < 0 || i >= size) {
                    return ABSENT;
                }
                at = at instanceof List<?> l ? l.get(i) : Array.get(at, i);
            } else {
                return ABSENT;
            }
        }
        return at;
    }

    /** The query parameters of one path: only those it knows, each single one at most once. */
    private static final class Query {
        private final Map<String, List<String>> params;

        private Query(Map<String, List<String>> params) {
            this.params = params;
        }

        /** The parameters of {@code r}, which may be only {@code known} ones (and the cache-buster). */
        static Query of(ApiRequest r, String... known) throws BadParameter {
            Set<String> names = Set.of(known);
            for (String name : r.params().keySet()) {
                if (!names.contains(name) && !name.equals(CACHE_BUSTER)) {
                    throw new BadParameter(name, "unknown parameter " + name + (known.length == 0
                            ? ": this path takes none"
                            : "; this path takes " + String.join(", ", names.stream().sorted().toList())));
                }
            }
            return new Query(r.params());
        }

        String single(String name) throws BadParameter {
            List<String> values = params.getOrDefault(name, List.of());
            if (values.size() > 1) {
                throw new BadParameter(name, name + " is given " + values.size() + " times; give it once");
            }
            return values.isEmpty() ? null : values.get(0);
        }

        List<String> all(String name) {
            return params.getOrDefault(name, List.of());
        }
    }

    // ------------------------------------------------------------------ answers

    private static Reply ok(byte[] body, ApiRequest request, Map<String, String> headers) {
        String etag = etag(body);
        headers.put("Cache-Control", "no-cache");
        headers.put("ETag", etag);
        if (matches(request.header("if-none-match"), etag)) {
            return new Reply(new ErrorReply(304, headers, new byte[0]), null);
        }
        headers.put("Content-Type", JSON);
        headers.put("X-Content-Type-Options", "nosniff");
        return new Reply(new ErrorReply(200, headers, body), null);
    }

    private static Reply error(int status, String message, String parameter, Map<String, String> headers) {
        return error(status, message, parameter, headers, Map.of());
    }

    private static Reply error(int status, String message, String parameter, Map<String, String> headers,
            Map<String, Object> extra) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("error", message);
        if (parameter != null) {
            out.put("parameter", parameter);
        }
        out.putAll(extra);
        headers.put("Cache-Control", "no-store");
        headers.put("Content-Type", JSON);
        headers.put("X-Content-Type-Options", "nosniff");
        return new Reply(new ErrorReply(status, headers, bytes(out)), message);
    }

    private static byte[] bytes(Object value) {
        try {
            return DocumentJson.writer().writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException("an error cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    private static Reply preflight(ApiSettings s, ApiRequest request, Map<String, String> headers) {
        headers.put("Allow", ALLOW);
        if (headers.containsKey("Access-Control-Allow-Origin")) {
            headers.put("Access-Control-Allow-Methods", ALLOW);
            String asked = request.header("access-control-request-headers");
            if (asked != null && HEADER_NAMES.matcher(asked.trim()).matches()) {
                // a read-only API without credentials: any header the page wants to send is harmless
                headers.put("Access-Control-Allow-Headers", asked.trim());
            }
            headers.put("Access-Control-Max-Age", "600");
        }
        return new Reply(new ErrorReply(204, headers, new byte[0]), null);
    }

    private static void cors(ApiSettings s, ApiRequest request, Map<String, String> headers) {
        if (s.corsOrigins().isEmpty()) {
            return;
        }
        String allowed = s.allowOrigin(request.header("origin"));
        if (!"*".equals(allowed)) {
            headers.put("Vary", "Origin");
        }
        if (allowed != null) {
            headers.put("Access-Control-Allow-Origin", allowed);
            headers.put("Access-Control-Expose-Headers", "ETag");
        }
    }

    /** A strong entity tag: the body's SHA-256, shortened (a body is the same bytes when its tag is). */
    static String etag(byte[] body) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(hash, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    /** Whether {@code If-None-Match} names {@code etag} (compared weakly, as RFC 9110 says for it). */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.trim();
            if (t.equals("*")) {
                return true;
            }
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    /** An exchange in memory, for {@link #handle}. */
    private static final class MemoryExchange implements Exchange {
        private final boolean head;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private int status;
        private Map<String, String> headers;

        MemoryExchange(boolean head) {
            this.head = head;
        }

        @Override
        public OutputStream start(int s, Map<String, String> h, long length) {
            status = s;
            headers = h;
            return head ? OutputStream.nullOutputStream() : body;
        }

        @Override
        public boolean started() {
            return headers != null;
        }

        ApiResponse response() {
            return new ApiResponse(status, headers, body.toByteArray());
        }
    }
}

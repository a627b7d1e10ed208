package org.snoplus.snoop.web.api.internal;

import java.lang.reflect.Array;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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
import org.snoplus.snoop.query.Cut;
import org.snoplus.snoop.query.QueryService;
import org.snoplus.snoop.query.Series;
import org.snoplus.snoop.query.SeriesQuery;
import org.snoplus.snoop.query.StoreException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The REST API, free of the servlet API: routes a request, parses its parameters
 * ({@link Params}), asks the {@link QueryService} and writes the answer as JSON. Paths are those
 * of {@code openapi.json} (a resource beside this class, served at {@code /api/openapi.json}).
 *
 * <p>Every answer with data carries {@code Cache-Control: no-cache} and an {@code ETag} (a hash of
 * its body), so that a client polling the latest value gets {@code 304 Not Modified} while nothing
 * changed. Errors are {@code {"error": "...", "parameter": "..."}}: 400 for a bad parameter, 404
 * for an unknown path or processor, 503 when the store cannot answer.
 *
 * <p>Thread-safe: the servlet container calls it from many threads; the settings are replaced
 * whole.
 */
final class Api {

    static final int DEFAULT_POINTS = 1000;
    static final int DEFAULT_LIMIT = 100;

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
    private final JsonNode openApi;
    private volatile Configured configured;

    /** The settings and what follows from them, replaced together. */
    private record Configured(ApiSettings settings, byte[] openApi) {
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

    /**
     * @param query the query service now, or null when there is none
     * @param admin the running platform, or null when there is none (processor states are then not shown)
     */
    Api(Supplier<QueryService> query, Supplier<SnoopAdmin> admin, Clock clock, ApiSettings settings) {
        this.query = query;
        this.admin = admin;
        this.clock = clock;
        this.openApi = Json.read(Api.class.getResourceAsStream("openapi.json"));
        configure(settings);
    }

    ApiSettings settings() {
        return configured.settings();
    }

    /** Takes new settings; requests being answered finish with the old ones. */
    void configure(ApiSettings settings) {
        ObjectNode doc = openApi.deepCopy();
        doc.putArray("servers").addObject().put("url", settings.prefix().isEmpty() ? "/" : settings.prefix());
        configured = new Configured(settings, Json.bytes(doc));
    }

    ApiResponse handle(ApiRequest request) {
        Configured c = configured;
        Map<String, String> headers = new LinkedHashMap<>();
        cors(c.settings(), request, headers);
        switch (request.method()) {
            case "GET":
            case "HEAD":
                break;
            case "OPTIONS":
                return preflight(c.settings(), request, headers);
            default:
                headers.put("Allow", ALLOW);
                return error(405, request.method() + " is not supported: the API is read-only (" + ALLOW + ")", null,
                        headers);
        }
        byte[] body;
        try {
            body = route(c, request);
        } catch (BadParameter e) {
            return error(400, e.getMessage(), e.parameter(), headers);
        } catch (Failure e) {
            return error(e.status, e.getMessage(), null, headers);
        } catch (StoreException e) {
            return error(503, e.getMessage(), null, headers);
        } catch (IllegalArgumentException e) {
            // the query service refused what the parameters asked for (answers that cannot be
            // written are IllegalStateException: see Json)
            return error(400, e.getMessage(), null, headers);
        } catch (RuntimeException e) {
            LOG.error("{} {} failed", request.method(), request.path(), e);
            return error(500, "internal error: " + e, null, headers);
        }
        return ok(body, request, headers);
    }

    // ------------------------------------------------------------------ routes

    private byte[] route(Configured c, ApiRequest r) throws BadParameter, Failure, StoreException {
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
                return c.openApi();
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
                            return n == 4 ? Json.bytes(newest(name))
                                    : latestField(name, String.join(".", seg.subList(4, n)));
                        }
                        break;
                    case "series":
                        if (n == 4) {
                            return series(c.settings(), Query.of(r, "from", "to", "fields", "cut", "points"),
                                    name);
                        }
                        break;
                    case "documents":
                        if (n == 4) {
                            return documents(c.settings(), Query.of(r, "from", "to", "limit"), name);
                        }
                        break;
                    default:
                        break;
                }
            }
        } else if ((n == 3 || n == 4) && seg.get(0).equals("proc")) {
            return woodstock(c.settings(), r, seg.get(1), seg.get(2), n == 4 ? seg.get(3) : null);
        }
        throw notFound(path);
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
        return new Failure(404, "no such path: " + path + " (the API is described at /api/openapi.json)");
    }

    // ------------------------------------------------------------------ /api/v1

    private byte[] processors() throws Failure, StoreException {
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
        return Json.bytes(out);
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

    private byte[] latestField(String name, String field) throws BadParameter, Failure, StoreException {
        Params.path("field", field);
        SampleDocument doc = newest(name);
        Object value = resolve(doc, field);
        if (value == ABSENT) {
            throw new Failure(404, "the newest document of " + name + " (time " + doc.time() + ") has no field " + field);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("time", doc.time());
        out.put("value", value);
        return Json.bytes(out);
    }

    private byte[] series(ApiSettings s, Query q, String name) throws BadParameter, Failure, StoreException {
        Params.Range range = Params.range(q.single("from"), q.single("to"), clock.millis());
        List<String> fields = Params.fields("fields", q.all("fields"));
        List<Cut> cuts = new ArrayList<>();
        for (String c : q.all("cut")) {
            cuts.add(Params.cut("cut", c));
        }
        String p = q.single("points");
        int points = p == null ? Math.min(DEFAULT_POINTS, s.maxPoints()) : Params.positive("points", p, s.maxPoints());
        QueryService qs = queryService();
        known(qs, name, cuts, cuts.stream().map(c -> "cut").toList());
        Series series = qs.series(new SeriesQuery(name, range.from(), range.to(), fields, cuts, points));

        List<Object[]> rows = new ArrayList<>(series.times().length);
        for (int i = 0; i < series.times().length; i++) {
            Object[] values = series.values().get(i);
            Object[] row = new Object[1 + values.length];
            row[0] = series.times()[i];
            System.arraycopy(values, 0, row, 1, values.length);
            rows.add(row);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", series.name());
        out.put("from", range.from());
        out.put("to", range.to());
        out.put("fields", series.fields());
        out.put("points", rows);
        out.put("documents", series.documents());
        out.put("downsampled", series.downsampled());
        return Json.bytes(out);
    }

    private byte[] documents(ApiSettings s, Query q, String name) throws BadParameter, Failure, StoreException {
        Params.Range range = Params.range(q.single("from"), q.single("to"), clock.millis());
        String l = q.single("limit");
        int limit = l == null ? Math.min(DEFAULT_LIMIT, s.maxPoints()) : Params.positive("limit", l, s.maxPoints());
        QueryService qs = queryService();
        known(qs, name, List.of(), List.of());
        List<SampleDocument> docs = new ArrayList<>(qs.documents(name, range.from(), range.to(), limit));
        docs.sort(Comparator.comparingLong(SampleDocument::time));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name);
        out.put("from", range.from());
        out.put("to", range.to());
        out.put("documents", docs.stream().map(Json::document).toList());
        return Json.bytes(out);
    }

    // ------------------------------------------------------------------ woodstock's /proc

    /**
     * woodstock's paths: {@code /proc/NAME/KEY} is the newest value of {@code data.KEY}, as a bare
     * JSON value; with a range, or with cuts, {@code [[time, value], ...]}, newest first, as
     * woodstock gave them. Every query parameter is a cut {@code PROC.KEY=VALUE} on
     * {@code data.KEY} of processor PROC.
     */
    private byte[] woodstock(ApiSettings s, ApiRequest r, String name, String key, String rangeText)
            throws BadParameter, Failure, StoreException {
        String field = "data." + Params.path("key", key);
        List<Cut> cuts = new ArrayList<>();
        List<String> cutParams = new ArrayList<>();
        for (Map.Entry<String, List<String>> p : r.params().entrySet()) {
            String param = p.getKey();
            if (param.equals(CACHE_BUSTER)) {
                continue;
            }
            int dot = param.indexOf('.');
            if (dot <= 0 || dot == param.length() - 1) {
                throw new BadParameter(param, "a query parameter here is a cut PROCESSOR.KEY=VALUE or "
                        + "PROCESSOR.KEY=MIN..MAX (e.g. ?rate.rate=0..100), not '" + param + "'");
            }
            String keyPath = Params.path(param, param.substring(dot + 1));
            for (String value : p.getValue()) {
                cuts.add(Params.cut(param, param.substring(0, dot), "data." + keyPath, value));
                cutParams.add(param);
            }
        }
        if (rangeText == null && cuts.isEmpty()) {
            SampleDocument doc = newest(name);
            Object value = resolve(doc, field);
            if (value == ABSENT) {
                throw new Failure(404, "the newest document of " + name + " (time " + doc.time() + ") has no field "
                        + field);
            }
            return Json.bytes(value);
        }
        // with cuts but no range, woodstock gave every value that passed them
        Params.Range range = Params.woodstockRange(rangeText == null ? "all" : rangeText, clock.millis());
        QueryService qs = queryService();
        known(qs, name, cuts, cutParams);
        long from = range.from();
        if (from == 0) {
            // Down-sampling cuts [from, to) into equal buckets: from 1970, a year of data would
            // fall into a few of them. Start at the first document instead (the time of the one
            // point of a series of one point).
            long[] first = qs.series(new SeriesQuery(name, 0, range.to(), List.of("time"), List.of(), 1)).times();
            from = first.length > 0 ? first[0] : from;
        }
        Series series = qs.series(new SeriesQuery(name, from, range.to(), List.of(field), cuts, s.maxPoints()));
        List<Object[]> pairs = new ArrayList<>(series.times().length);
        for (int i = series.times().length - 1; i >= 0; i--) {
            Object[] values = series.values().get(i);
            pairs.add(new Object[] {series.times()[i], values.length > 0 ? values[0] : null});
        }
        return Json.bytes(pairs);
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
            throw new Failure(404, "no documents of processor " + name);
        }
        return doc;
    }

    /** 404 unless {@code name} has documents; 400 naming the parameter of a cut whose processor has none. */
    private static void known(QueryService qs, String name, List<Cut> cuts, List<String> params)
            throws BadParameter, Failure, StoreException {
        List<String> names = qs.names();
        if (!names.contains(name)) {
            throw new Failure(404, "no documents of processor " + name);
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

    private static ApiResponse ok(byte[] body, ApiRequest request, Map<String, String> headers) {
        String etag = etag(body);
        headers.put("Cache-Control", "no-cache");
        headers.put("ETag", etag);
        if (matches(request.header("if-none-match"), etag)) {
            return new ApiResponse(304, headers, new byte[0]);
        }
        headers.put("Content-Type", JSON);
        headers.put("X-Content-Type-Options", "nosniff");
        return new ApiResponse(200, headers, body);
    }

    private static ApiResponse error(int status, String message, String parameter, Map<String, String> headers) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("error", message);
        if (parameter != null) {
            out.put("parameter", parameter);
        }
        headers.put("Cache-Control", "no-store");
        headers.put("Content-Type", JSON);
        headers.put("X-Content-Type-Options", "nosniff");
        return new ApiResponse(status, headers, Json.bytes(out));
    }

    private static ApiResponse preflight(ApiSettings s, ApiRequest request, Map<String, String> headers) {
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
        return new ApiResponse(204, headers, new byte[0]);
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
}

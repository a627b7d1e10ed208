package org.snoplus.snoop.web.api.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Before;
import org.junit.Test;
import org.snoplus.snoop.admin.LoopInfo;
import org.snoplus.snoop.admin.ProcessorInfo;
import org.snoplus.snoop.admin.ProcessorState;
import org.snoplus.snoop.admin.ReaderInfo;
import org.snoplus.snoop.admin.SnoopAdmin;
import org.snoplus.snoop.admin.WriterInfo;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.json.DocumentJson;
import org.snoplus.snoop.query.Cut;
import org.snoplus.snoop.query.SeriesQuery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

public class ApiTest {

    // 2025-11-28T20:40:00Z
    static final long NOW = 1764362400000L;
    static final long H = 3_600_000L;
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private FakeQueryService store;
    private volatile SnoopAdmin admin;
    private Api api;

    @Before
    public void setUp() {
        store = new FakeQueryService();
        // count and rate sampled together every 2 s over the last 10 minutes; run changes half way
        for (long t = NOW - 600_000; t < NOW; t += 2000) {
            long run = t < NOW - 300_000 ? 300000 : 300001;
            store.docs.add(new SampleDocument(SampleDocument.idOf("count", "daq1", t), "count", t, t - 2000, t,
                    t / 2000, "1.0.0", "daq1", run, 2000, data("count", 2000L, "total", (t - NOW + 600_000) / 2000,
                            "hist", List.of(1L, 2L, 3L), "nested", Map.of("a", Map.of("b", "deep")))));
            store.add("rate", t, data("rate", (double) ((t / 2000) % 10) * 100, "state", "RUNNING"));
        }
        api = new Api(() -> store, () -> admin, CLOCK, ApiSettings.DEFAULTS);
    }

    static Map<String, Object> data(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private ApiResponse get(String pathAndQuery) {
        return api.handle(ApiRequest.get(pathAndQuery));
    }

    static JsonNode json(ApiResponse r) throws Exception {
        return JSON.readTree(r.body());
    }

    /** Asserts a 400 naming {@code parameter}, its message starting with {@code message}. */
    private void assertBad(String pathAndQuery, String parameter, String message) throws Exception {
        ApiResponse r = get(pathAndQuery);
        assertEquals(pathAndQuery + ": " + r.text(), 400, r.status());
        JsonNode j = json(r);
        assertEquals(pathAndQuery, parameter, j.path("parameter").asText(null));
        assertTrue(pathAndQuery + ": " + j.get("error").asText(), j.get("error").asText().startsWith(message));
        assertEquals("application/json;charset=UTF-8", r.header("Content-Type"));
    }

    private void assertStatus(int status, String pathAndQuery, String message) throws Exception {
        ApiResponse r = get(pathAndQuery);
        assertEquals(pathAndQuery + ": " + r.text(), status, r.status());
        JsonNode j = json(r);
        assertTrue(pathAndQuery + ": " + j, j.get("error").asText().startsWith(message));
        assertFalse(j.has("parameter"));
    }

    // ------------------------------------------------------------------ processors

    @Test
    public void processorsListsThoseInTheStoreAndThoseLiveWithTheirState() throws Exception {
        admin = admin(info("count", ProcessorState.ACTIVE), info("nhit", ProcessorState.QUARANTINED),
                info("count", ProcessorState.SWAPPING));
        JsonNode j = json(get("/api/v1/processors"));
        assertEquals("fake", j.get("store").asText());
        assertTrue(j.get("admin").asBoolean());
        JsonNode ps = j.get("processors");
        assertEquals(3, ps.size());
        assertEquals("count", ps.get(0).get("name").asText());
        assertTrue(ps.get(0).get("stored").asBoolean());
        assertEquals(2, ps.get(0).get("live").size());
        assertEquals("ACTIVE", ps.get(0).get("live").get(0).get("state").asText());
        assertEquals("SWAPPING", ps.get(0).get("live").get(1).get("state").asText());
        assertEquals(42, ps.get(0).get("live").get(0).get("events").asLong());
        assertEquals("nhit", ps.get(1).get("name").asText());
        assertFalse("live, no documents yet", ps.get(1).get("stored").asBoolean());
        assertEquals("QUARANTINED", ps.get(1).get("live").get(0).get("state").asText());
        assertEquals("rate", ps.get(2).get("name").asText());
        assertEquals("stored, not running", 0, ps.get(2).get("live").size());
    }

    @Test
    public void withoutThePlatformProcessorsAreListedWithoutState() throws Exception {
        JsonNode j = json(get("/api/v1/processors"));
        assertFalse(j.get("admin").asBoolean());
        assertEquals(2, j.get("processors").size());
        assertFalse(j.get("processors").get(0).has("live"));
    }

    // ------------------------------------------------------------------ latest

    @Test
    public void latestIsTheNewestDocumentInItsOneJsonForm() throws Exception {
        ApiResponse r = get("/api/v1/latest/count");
        assertEquals(200, r.status());
        assertEquals(DocumentJson.toJson(store.latest("count")), r.text());
        assertEquals(NOW - 2000, json(r).get("time").asLong());
        assertEquals("no-cache", r.header("Cache-Control"));
        assertEquals("application/json;charset=UTF-8", r.header("Content-Type"));
    }

    @Test
    public void aLatestFieldComesWithItsDocumentsTime() throws Exception {
        assertEquals("{\"time\":" + (NOW - 2000) + ",\"value\":2000}", get("/api/v1/latest/count/data.count").text());
        assertEquals("segments are dots", "{\"time\":" + (NOW - 2000) + ",\"value\":2000}",
                get("/api/v1/latest/count/data/count").text());
        assertEquals(299, json(get("/api/v1/latest/count/data.total")).get("value").asLong());
        assertEquals(300001, json(get("/api/v1/latest/count/run")).get("value").asLong());
        assertEquals(3, json(get("/api/v1/latest/count/data.hist.2")).get("value").asLong());
        assertEquals("deep", json(get("/api/v1/latest/count/data.nested.a.b")).get("value").asText());
        assertEquals("[1,2,3]", json(get("/api/v1/latest/count/data.hist")).get("value").toString());
        assertEquals(NOW - 2000, json(get("/api/v1/latest/count/window.end")).get("value").asLong());
    }

    @Test
    public void aMissingFieldOrProcessorIs404() throws Exception {
        assertStatus(404, "/api/v1/latest/count/data.nothing", "the newest document of count (time "
                + (NOW - 2000) + ") has no field data.nothing");
        assertStatus(404, "/api/v1/latest/count/data.hist.3", "the newest document of count");
        assertStatus(404, "/api/v1/latest/count/data.hist.x", "the newest document of count");
        assertStatus(404, "/api/v1/latest/count/data.count.x", "the newest document of count");
        assertStatus(404, "/api/v1/latest/nhit", "no documents of processor nhit");
        assertStatus(404, "/api/v1/latest/nhit/data.x", "no documents of processor nhit");
    }

    @Test
    public void anUnchangedAnswerIs304ForItsETag() throws Exception {
        ApiResponse first = get("/api/v1/latest/count/data.count");
        String etag = first.header("ETag");
        assertTrue(etag, etag.matches("\"[0-9a-f]{32}\""));
        ApiResponse again = api.handle(ApiRequest.get("/api/v1/latest/count/data.count").withHeader("If-None-Match", etag));
        assertEquals(304, again.status());
        assertEquals(0, again.body().length);
        assertEquals(etag, again.header("ETag"));
        assertEquals("no-cache", again.header("Cache-Control"));
        assertEquals(304, api.handle(ApiRequest.get("/api/v1/latest/count/data.count")
                .withHeader("If-None-Match", "\"other\", W/" + etag)).status());

        store.add("count", NOW, data("count", 7L));
        ApiResponse changed = api.handle(ApiRequest.get("/api/v1/latest/count/data.count").withHeader("If-None-Match", etag));
        assertEquals(200, changed.status());
        assertEquals(7, json(changed).get("value").asLong());
        assertFalse(etag.equals(changed.header("ETag")));
    }

    // ------------------------------------------------------------------ series

    @Test
    public void seriesParametersBecomeTheQuery() throws Exception {
        ApiResponse r = get("/api/v1/series/count?from=-5m&to=2025-11-28T20:39:00Z&fields=data.count,run"
                + "&cut=rate.data.rate=100..500&cut=rate.data.state=RUNNING&cut=count.run=300001&points=20");
        assertEquals(r.text(), 200, r.status());
        assertEquals(new SeriesQuery("count", NOW - 300_000, NOW - 60_000, List.of("data.count", "run"),
                List.of(Cut.between("rate", "data.rate", 100.0, 500.0), Cut.equal("rate", "data.state", "RUNNING"),
                        Cut.equal("count", "run", 300001L)), 20), store.lastSeries);
    }

    @Test
    public void seriesDefaultToTheLastHourAThousandPointsAndTheWholeData() throws Exception {
        get("/api/v1/series/count");
        assertEquals(new SeriesQuery("count", NOW - H, NOW, List.of(), List.of(), 1000), store.lastSeries);
        get("/api/v1/series/count?to=-1h");
        assertEquals(NOW - 2 * H, store.lastSeries.from());
        assertEquals(NOW - H, store.lastSeries.to());
    }

    @Test
    public void pointsAreCappedByMaxPoints() throws Exception {
        api.configure(new ApiSettings("", 50, List.of()));
        get("/api/v1/series/count?points=100000");
        assertEquals(50, store.lastSeries.maxPoints());
        get("/api/v1/series/count");
        assertEquals("the default too", 50, store.lastSeries.maxPoints());
    }

    @Test
    public void aSeriesIsPointsOfTimeAndValues() throws Exception {
        JsonNode j = json(get("/api/v1/series/count?from=-10s&fields=data.count,data.total,run"));
        assertEquals("count", j.get("name").asText());
        assertEquals(NOW - 10_000, j.get("from").asLong());
        assertEquals(NOW, j.get("to").asLong());
        assertEquals("[\"data.count\",\"data.total\",\"run\"]", j.get("fields").toString());
        assertEquals("[[" + (NOW - 10_000) + ",2000,295,300001],[" + (NOW - 8000) + ",2000,296,300001],["
                + (NOW - 6000) + ",2000,297,300001],[" + (NOW - 4000) + ",2000,298,300001],[" + (NOW - 2000)
                + ",2000,299,300001]]", j.get("points").toString());
        assertEquals(5, j.get("documents").asLong());
        assertFalse(j.get("downsampled").asBoolean());

        JsonNode down = json(get("/api/v1/series/count?from=-10m&fields=data.total&points=10"));
        assertTrue(down.get("downsampled").asBoolean());
        assertEquals(300, down.get("documents").asLong());
        assertEquals(10, down.get("points").size());
    }

    @Test
    public void cutsKeepOnlyDocumentsWhoseOtherProcessorPasses() throws Exception {
        JsonNode j = json(get("/api/v1/series/count?from=-10m&fields=data.total&cut=rate.data.rate=..100"));
        // rate is 0 or 100 for two in ten samples
        assertEquals(60, j.get("documents").asLong());
        JsonNode eq = json(get("/api/v1/series/count?from=-10m&fields=data.total&cut=rate.data.rate=900"));
        assertEquals("900 equals 900.0", 30, eq.get("documents").asLong());
        JsonNode both = json(get("/api/v1/series/count?from=-10m&fields=data.total&cut=rate.data.rate=900&cut=count.run=300000"));
        assertEquals(15, both.get("documents").asLong());
    }

    @Test
    public void everyBadSeriesParameterIsNamed() throws Exception {
        assertBad("/api/v1/series/count?from=yesterday", "from", "from must be ms since the epoch");
        assertBad("/api/v1/series/count?to=soon", "to", "to must be ms since the epoch");
        assertBad("/api/v1/series/count?from=-1h&to=-2h", "from", "from (");
        assertBad("/api/v1/series/count?from=-1h&from=-2h", "from", "from is given 2 times");
        assertBad("/api/v1/series/count?points=0", "points", "points must be a whole number of at least 1");
        assertBad("/api/v1/series/count?points=many", "points", "points must be");
        assertBad("/api/v1/series/count?fields=a,,b", "fields", "fields must be dotted paths");
        assertBad("/api/v1/series/count?cut=rate", "cut", "cut must be PROCESSOR.FIELD=VALUE");
        assertBad("/api/v1/series/count?cut=rate.data.rate=5..1", "cut", "cut on rate.data.rate: the range 5..1 is empty");
        assertBad("/api/v1/series/count?cut=nhit.data.x=1", "cut", "cut: no documents of processor nhit to cut on");
        assertBad("/api/v1/series/count?field=data.count", "field", "unknown parameter field; this path takes cut, "
                + "fields, from, points, to");
        assertBad("/api/v1/processors?verbose=1", "verbose", "unknown parameter verbose: this path takes none");
        assertBad("/api/v1/documents/count?points=1", "points", "unknown parameter points; this path takes from, limit, to");
    }

    @Test
    public void theCacheBusterIsIgnored() {
        assertEquals(200, get("/api/v1/series/count?_=1764362400000").status());
        assertEquals(200, get("/api/v1/processors?_=1").status());
        assertEquals(200, get("/proc/count/count?_=1").status());
    }

    @Test
    public void aSeriesOfAnUnknownProcessorIs404() throws Exception {
        assertStatus(404, "/api/v1/series/nhit", "no documents of processor nhit");
        assertStatus(404, "/api/v1/documents/nhit", "no documents of processor nhit");
    }

    // ------------------------------------------------------------------ documents

    @Test
    public void documentsAreTheNewestInAscendingTime() throws Exception {
        JsonNode j = json(get("/api/v1/documents/count?from=-1m&limit=3"));
        assertEquals(List.of("count", NOW - 60_000, NOW, 3), store.lastDocuments);
        assertEquals("count", j.get("name").asText());
        assertEquals(NOW - 60_000, j.get("from").asLong());
        assertEquals(NOW, j.get("to").asLong());
        JsonNode docs = j.get("documents");
        assertEquals(3, docs.size());
        assertEquals(NOW - 6000, docs.get(0).get("time").asLong());
        assertEquals(NOW - 2000, docs.get(2).get("time").asLong());
        assertEquals(DocumentJson.toJson(store.latest("count")), docs.get(2).toString());

        get("/api/v1/documents/count");
        assertEquals(List.of("count", NOW - H, NOW, 100), store.lastDocuments);
        get("/api/v1/documents/count?limit=1000000");
        assertEquals("capped by max.points", 5000, store.lastDocuments.get(3));
        assertBad("/api/v1/documents/count?limit=-1", "limit", "limit must be a whole number");
    }

    // ------------------------------------------------------------------ woodstock

    @Test
    public void woodstocksLatestIsTheBareValueOfData() throws Exception {
        assertEquals("2000", get("/proc/count/count").text());
        assertEquals("\"RUNNING\"", get("/proc/rate/state").text());
        assertEquals("\"deep\"", get("/proc/count/nested.a.b").text());
        assertEquals("[1,2,3]", get("/proc/count/hist").text());
        assertEquals("no-cache", get("/proc/count/count").header("Cache-Control"));
        assertStatus(404, "/proc/count/nothing", "the newest document of count");
        assertStatus(404, "/proc/nhit/count", "no documents of processor nhit");
    }

    @Test
    public void woodstocksRangesArePairsNewestFirst() throws Exception {
        assertEquals("[[" + (NOW - 2000) + ",299],[" + (NOW - 4000) + ",298],[" + (NOW - 6000) + ",297]]",
                get("/proc/count/total/" + (NOW - 6000) + ".." + NOW).text());
        assertEquals(new SeriesQuery("count", NOW - 6000, NOW, List.of("data.total"), List.of(), 5000), store.lastSeries);
        assertEquals(30, json(get("/proc/count/total/-1m..now")).size());
        assertEquals(300, json(get("/proc/count/total/hour")).size());
        assertEquals(NOW - H, store.lastSeries.from());
        get("/proc/count/total/year");
        assertEquals(NOW - 365 * 24 * H, store.lastSeries.from());
        get("/proc/count/total/all");
        assertEquals("all: from the first document, so that down-sampling is not spread over 1970..now",
                new SeriesQuery("count", NOW - 600_000, NOW, List.of("data.total"), List.of(), 5000), store.lastSeries);
        get("/proc/count/total/..2025-11-28T20:35:00Z");
        assertEquals(NOW - 600_000, store.lastSeries.from());
        assertEquals(NOW - 300_000, store.lastSeries.to());
        get("/proc/count/total/..1000");
        assertEquals("nothing there: the range as asked", new SeriesQuery("count", 0, 1000, List.of("data.total"),
                List.of(), 5000), store.lastSeries);
        get("/proc/count/total/2025-11-28T20:00:00Z..2025-11-28T20:30:00Z");
        assertEquals(NOW - 40 * 60_000, store.lastSeries.from());
        assertEquals(NOW - 10 * 60_000, store.lastSeries.to());
        assertBad("/proc/count/total/fortnight", "range", "range must be START..END");
        assertBad("/proc/count/total/2000..1000", "range", "range starts (");
    }

    @Test
    public void woodstocksQueryParametersAreCutsOnData() throws Exception {
        JsonNode j = json(get("/proc/count/total/hour?rate.rate=900"));
        assertEquals(List.of(Cut.equal("rate", "data.rate", 900L)), store.lastSeries.cuts());
        assertEquals(30, j.size());
        json(get("/proc/count/total/hour?rate.rate=..100&rate.state=RUNNING"));
        assertEquals(List.of(Cut.between("rate", "data.rate", null, 100.0), Cut.equal("rate", "data.state", "RUNNING")),
                store.lastSeries.cuts());

        // cuts without a range: every value that passes them, as woodstock did
        JsonNode all = json(get("/proc/count/total?rate.rate=900"));
        assertEquals(NOW - 600_000, store.lastSeries.from());
        assertEquals(30, all.size());
        assertTrue(all.get(0).get(0).asLong() > all.get(1).get(0).asLong());

        assertBad("/proc/count/total/hour?rate=900", "rate", "a query parameter here is a cut PROCESSOR.KEY=VALUE");
        assertBad("/proc/count/total/hour?rate.=900", "rate.", "a query parameter here is a cut");
        assertBad("/proc/count/total/hour?rate.rate=", "rate.rate", "rate.rate has no value");
        assertBad("/proc/count/total/hour?nhit.x=1", "nhit.x", "nhit.x: no documents of processor nhit to cut on");
    }

    // ------------------------------------------------------------------ failures

    @Test
    public void anUnreachableStoreIs503WithItsMessage() throws Exception {
        store.down = "couchdb at 127.0.0.1:5984: connection refused";
        for (String path : new String[] {"/api/v1/processors", "/api/v1/latest/count", "/api/v1/latest/count/data.count",
                "/api/v1/series/count", "/api/v1/documents/count", "/proc/count/count", "/proc/count/count/hour"}) {
            ApiResponse r = get(path);
            assertEquals(path, 503, r.status());
            assertEquals(path, "{\"error\":\"couchdb at 127.0.0.1:5984: connection refused\"}", r.text());
            assertEquals("no-store", r.header("Cache-Control"));
        }
        assertEquals("the description needs no store", 200, get("/api/openapi.json").status());
    }

    @Test
    public void withoutAQueryServiceTheApiIs503() throws Exception {
        Api none = new Api(() -> null, () -> null, CLOCK, ApiSettings.DEFAULTS);
        ApiResponse r = none.handle(ApiRequest.get("/api/v1/series/count"));
        assertEquals(503, r.status());
        assertEquals("the store cannot be read: no query service is running", json(r).get("error").asText());
    }

    @Test
    public void anUnexpectedFailureIs500() throws Exception {
        store.broken = new IllegalStateException("boom");
        assertStatus(500, "/api/v1/latest/count", "internal error: java.lang.IllegalStateException: boom");
        store.broken = new IllegalArgumentException("field path too deep");
        assertStatus(400, "/api/v1/latest/count", "field path too deep");
    }

    @Test
    public void unknownPathsAre404InJson() throws Exception {
        for (String path : new String[] {"/api", "/api/", "/api/v1", "/api/v2/processors", "/api/v1/latest",
                "/api/v1/series", "/api/v1/series/count/x", "/api/v1/documents/count/x", "/api/v1/processors/count",
                "/api/v1//count", "/api/v1/latest//data", "/proc", "/proc/count", "/proc/count/total/hour/x",
                "/api/openapi.yaml", "/other"}) {
            assertStatus(404, path, "no such path: " + path);
        }
        assertEquals("a trailing slash is forgiven", 200, get("/api/v1/processors/").status());
    }

    // ------------------------------------------------------------------ methods, prefix, CORS

    @Test
    public void theApiIsReadOnly() throws Exception {
        ApiResponse post = api.handle(ApiRequest.get("/api/v1/processors").withMethod("POST"));
        assertEquals(405, post.status());
        assertEquals("GET, HEAD, OPTIONS", post.header("Allow"));
        assertTrue(json(post).get("error").asText().startsWith("POST is not supported"));
        ApiResponse head = api.handle(ApiRequest.get("/api/v1/processors").withMethod("HEAD"));
        assertEquals(200, head.status());
        assertEquals(get("/api/v1/processors").header("ETag"), head.header("ETag"));
        ApiResponse options = api.handle(ApiRequest.get("/api/v1/processors").withMethod("OPTIONS"));
        assertEquals(204, options.status());
        assertEquals("GET, HEAD, OPTIONS", options.header("Allow"));
        assertNull("no CORS unless configured", options.header("Access-Control-Allow-Origin"));
    }

    @Test
    public void aPrefixMovesEveryPath() throws Exception {
        api.configure(new ApiSettings("/snoop/web", 5000, List.of()));
        assertEquals(200, get("/snoop/web/api/v1/processors").status());
        assertEquals("2000", get("/snoop/web/proc/count/count").text());
        assertEquals(404, get("/api/v1/processors").status());
        assertEquals(404, get("/snoop/webapi/v1/processors").status());
        JsonNode openapi = json(get("/snoop/web/api/openapi.json"));
        assertEquals("/snoop/web", openapi.get("servers").get(0).get("url").asText());
        api.configure(ApiSettings.DEFAULTS);
        assertEquals("/", json(get("/api/openapi.json")).get("servers").get(0).get("url").asText());
    }

    @Test
    public void configuredOriginsMayReadFromABrowser() throws Exception {
        api.configure(new ApiSettings("", 5000, List.of("https://dash.snoplus.ca", "http://localhost:3000")));
        ApiResponse r = api.handle(ApiRequest.get("/api/v1/latest/count").withHeader("Origin", "https://dash.snoplus.ca"));
        assertEquals("https://dash.snoplus.ca", r.header("Access-Control-Allow-Origin"));
        assertEquals("Origin", r.header("Vary"));
        assertEquals("ETag", r.header("Access-Control-Expose-Headers"));
        ApiResponse other = api.handle(ApiRequest.get("/api/v1/latest/count").withHeader("Origin", "https://evil.example"));
        assertNull(other.header("Access-Control-Allow-Origin"));
        assertEquals("Origin", other.header("Vary"));
        ApiResponse error = api.handle(ApiRequest.get("/api/v1/latest/nhit").withHeader("Origin", "http://localhost:3000"));
        assertEquals("errors are readable too", "http://localhost:3000", error.header("Access-Control-Allow-Origin"));

        ApiResponse preflight = api.handle(ApiRequest.get("/api/v1/latest/count").withMethod("OPTIONS")
                .withHeader("Origin", "http://localhost:3000").withHeader("Access-Control-Request-Headers", "if-none-match"));
        assertEquals(204, preflight.status());
        assertEquals("http://localhost:3000", preflight.header("Access-Control-Allow-Origin"));
        assertEquals("GET, HEAD, OPTIONS", preflight.header("Access-Control-Allow-Methods"));
        assertEquals("if-none-match", preflight.header("Access-Control-Allow-Headers"));
        assertEquals("600", preflight.header("Access-Control-Max-Age"));

        api.configure(new ApiSettings("", 5000, List.of("*")));
        ApiResponse any = api.handle(ApiRequest.get("/api/v1/latest/count").withHeader("Origin", "https://anyone.org"));
        assertEquals("*", any.header("Access-Control-Allow-Origin"));
        assertNull(any.header("Vary"));
    }

    @Test
    public void aByteArrayIsWrittenAsNumbers() throws Exception {
        store.add("bits", NOW - 1000, data("pattern", new byte[] {1, -2, 3}));
        assertEquals("[1,-2,3]", get("/proc/bits/pattern").text());
        assertEquals("[1,-2,3]", json(get("/api/v1/latest/bits/data.pattern")).get("value").toString());
    }

    // ------------------------------------------------------------------ fakes

    static ProcessorInfo info(String name, ProcessorState state) {
        return new ProcessorInfo(name, "1.0.0", "org.snoplus.snoop.processor-" + name, state, 42, 0, 0, 0, 0, 7,
                NOW - 2000, null);
    }

    static SnoopAdmin admin(ProcessorInfo... infos) {
        return new SnoopAdmin() {
            @Override
            public List<ProcessorInfo> processors() {
                return List.of(infos);
            }

            @Override
            public List<ReaderInfo> readers() {
                return List.of();
            }

            @Override
            public List<WriterInfo> writers() {
                return List.of();
            }

            @Override
            public LoopInfo loop() {
                return new LoopInfo(0, 0, 0, 0, 2000, -1);
            }

            @Override
            public SampleDocument sampleNow(String name, Duration timeout) {
                throw new IllegalArgumentException(name);
            }

            @Override
            public void enable(String name) {
            }

            @Override
            public void disable(String name) {
            }

            @Override
            public void drain(Duration timeout) {
            }
        };
    }
}

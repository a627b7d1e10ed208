package org.snoplus.snoop.web.api.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.Before;
import org.junit.Test;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.query.Aggregate;
import org.snoplus.snoop.query.AggregateQuery;
import org.snoplus.snoop.query.QueryLimits;
import org.snoplus.snoop.query.StoreException;

import com.fasterxml.jackson.databind.JsonNode;

/** The API's bounds: the aggregate path, budgets, time limits, workers, paths a client makes up. */
public class BoundedApiTest {

    private FakeQueryService store;
    private Api api;

    @Before
    public void setUp() {
        store = new FakeQueryService();
        for (long t = ApiTest.NOW - 600_000; t < ApiTest.NOW; t += 2000) {
            store.add("occupancy", t, ApiTest.data("events", 2000L, "channels", Map.of("shape", "channels",
                    "values", new long[] {1, 2, 3})));
        }
        api = new Api(() -> store, () -> null, ApiTest.CLOCK, ApiSettings.DEFAULTS);
    }

    private ApiResponse get(String pathAndQuery) {
        return api.handle(ApiRequest.get(pathAndQuery));
    }

    @Test
    public void anAggregateIsAskedWithItsRangeRunAndFields() throws Exception {
        ApiResponse r = get("/api/v1/aggregate/occupancy?fields=data.channels,data.events&from=-1h&to=now");
        assertEquals(r.text(), 200, r.status());
        AggregateQuery q = store.lastAggregate;
        assertEquals(ApiTest.NOW - ApiTest.H, q.from());
        assertEquals(ApiTest.NOW, q.to());
        assertNull(q.run());
        assertEquals(List.of("data.channels", "data.events"), q.fields());
        JsonNode j = ApiTest.json(r);
        assertEquals("occupancy", j.get("name").asText());
        assertEquals(ApiTest.NOW - ApiTest.H, j.get("from").asLong());
        assertTrue(j.get("run").isNull());
        assertEquals(300, j.get("documents").asLong());
        assertEquals("[1,2,3]", j.get("data").get("data.channels").get("values").toString());

        get("/api/v1/aggregate/occupancy?run=300000&fields=data.events");
        assertEquals(Long.valueOf(300000), store.lastAggregate.run());
        assertEquals("a run alone is not cut to the last hour", Long.MIN_VALUE, store.lastAggregate.from());
        assertEquals(Long.MAX_VALUE, store.lastAggregate.to());
        get("/api/v1/aggregate/occupancy?run=300000&from=-5m");
        assertEquals(ApiTest.NOW - 300_000, store.lastAggregate.from());
        assertEquals(List.of(), store.lastAggregate.fields());
        assertEquals("the limits of the request reach the query service", ApiSettings.DEFAULTS.maxBytes(),
                store.lastLimits.maxBytes());
    }

    @Test
    public void aggregateParametersAreChecked() throws Exception {
        assertBad("/api/v1/aggregate/occupancy?run=-3", "run");
        assertBad("/api/v1/aggregate/occupancy?run=x", "run");
        assertBad("/api/v1/aggregate/occupancy?points=3", "points");
        assertBad("/api/v1/aggregate/occupancy?fields=a..b", "fields");
        assertEquals(404, get("/api/v1/aggregate/nothing").status());
    }

    @Test
    public void fieldsThatDoNotMergeAre400NamingFields() throws Exception {
        FakeQueryService refusing = new FakeQueryService() {
            @Override
            public Aggregate aggregate(AggregateQuery q, QueryLimits limits) {
                throw new IllegalArgumentException("data.hist cannot be merged: the documents at 1 and 2 differ");
            }
        };
        refusing.add("nhit", ApiTest.NOW - 2000, ApiTest.data("x", 1L));
        ApiResponse r = new Api(() -> refusing, () -> null, ApiTest.CLOCK, ApiSettings.DEFAULTS)
                .handle(ApiRequest.get("/api/v1/aggregate/nhit?fields=data.hist"));
        assertEquals(400, r.status());
        JsonNode j = ApiTest.json(r);
        assertEquals("fields", j.get("parameter").asText());
        assertTrue(j.get("error").asText().startsWith("data.hist cannot be merged"));
    }

    @Test
    public void anAnswerBeyondTheBudgetIs400NamingTheParameterAndTheBudget() throws Exception {
        Api small = new Api(() -> store, () -> null, ApiTest.CLOCK, ApiSettings.DEFAULTS.withLimits(2000, 10_000, 4));
        ApiResponse r = small.handle(ApiRequest.get("/api/v1/documents/occupancy?limit=100"));
        assertEquals(r.text(), 400, r.status());
        JsonNode j = ApiTest.json(r);
        assertEquals("limit", j.get("parameter").asText());
        assertEquals(2000, j.get("budget").asLong());
        assertTrue(j.get("error").asText(), j.get("error").asText().contains("2000 bytes"));

        ApiResponse fits = small.handle(ApiRequest.get("/api/v1/documents/occupancy?limit=2"));
        assertEquals(fits.text(), 200, fits.status());
        assertEquals(2, ApiTest.json(fits).get("documents").size());
    }

    @Test
    public void aLargeAnswerIsStreamedWithoutLengthNorETag() throws Exception {
        store.docs.clear();
        for (long t = ApiTest.NOW - 600_000; t < ApiTest.NOW; t += 2000) {
            store.add("occupancy", t, ApiTest.data("events", 2000L, "pad", "x".repeat(2000)));
        }
        ApiResponse r = get("/api/v1/documents/occupancy?limit=5000&from=-1h");
        assertEquals(200, r.status());
        assertTrue("larger than what is held", r.body().length > Api.HELD);
        assertNull(r.header("ETag"));
        JsonNode j = ApiTest.json(r);
        assertEquals(300, j.get("documents").size());
        assertEquals(ApiTest.NOW - 600_000, j.get("documents").get(0).get("time").asLong());
    }

    @Test
    public void aQuestionPastItsTimeLimitIs503WithRetryAfter() throws Exception {
        FakeQueryService slow = new FakeQueryService() {
            @Override
            public Aggregate aggregate(AggregateQuery q, QueryLimits limits) throws StoreException {
                while (true) {
                    limits.check();
                    Thread.onSpinWait();
                }
            }
        };
        slow.add("nhit", ApiTest.NOW - 2000, ApiTest.data("x", 1L));
        Api timed = new Api(() -> slow, () -> null, ApiTest.CLOCK, ApiSettings.DEFAULTS.withLimits(1 << 20, 200, 4));
        long start = System.nanoTime();
        ApiResponse r = timed.handle(ApiRequest.get("/api/v1/aggregate/nhit"));
        assertTrue("stopped near its limit", System.nanoTime() - start < TimeUnit.SECONDS.toNanos(20));
        assertEquals(503, r.status());
        assertEquals("1", r.header("Retry-After"));
        assertEquals("from", ApiTest.json(r).get("parameter").asText());
    }

    @Test
    public void whenEveryWorkerIsBusyTheAnswerIs503WithRetryAfter() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        FakeQueryService blocking = new FakeQueryService() {
            @Override
            public Aggregate aggregate(AggregateQuery q, QueryLimits limits) {
                inside.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new Aggregate(q.name(), q.from(), q.to(), null, 0, Map.of());
            }
        };
        blocking.add("nhit", ApiTest.NOW - 2000, ApiTest.data("x", 1L));
        Api one = new Api(() -> blocking, () -> null, ApiTest.CLOCK, ApiSettings.DEFAULTS.withLimits(1 << 20, 30_000, 1));
        Thread first = new Thread(() -> one.handle(ApiRequest.get("/api/v1/aggregate/nhit?from=-1d")));
        first.start();
        try {
            assertTrue(inside.await(30, TimeUnit.SECONDS));
            for (String heavy : List.of("/api/v1/aggregate/nhit?from=-2h", "/api/v1/series/nhit?from=-7d",
                    "/api/v1/documents/nhit?from=0&to=now", "/api/v1/aggregate/nhit?run=300000&from=-5m",
                    "/proc/nhit/x/day", "/proc/nhit/x/hour?nhit.x=1")) {
                ApiResponse busy = one.handle(ApiRequest.get(heavy));
                assertEquals(heavy, 503, busy.status());
                assertEquals("1", busy.header("Retry-After"));
                assertTrue(ApiTest.json(busy).get("error").asText().startsWith("busy"));
            }
            for (String light : List.of("/api/v1/latest/nhit", "/api/v1/series/nhit?fields=data.x",
                    "/api/v1/series/nhit?fields=data.x&from=-1h&to=now", "/api/v1/documents/nhit?from=-30m",
                    "/proc/nhit/x", "/proc/nhit/x/hour", "/api/v1/series/nhit?from=tomorrow")) {
                assertEquals("the last hour and the latest values have workers of their own: " + light,
                        light.contains("tomorrow") ? 400 : 200, one.handle(ApiRequest.get(light)).status());
            }
        } finally {
            release.countDown();
            first.join(30_000);
        }
        assertEquals(200, one.handle(ApiRequest.get("/api/v1/aggregate/nhit?from=-1d")).status());
        assertEquals(0, one.busy()[0]);
    }

    @Test
    public void aPathOfThousandsOfSegmentsIs400() throws Exception {
        String deep = "a" + ".b".repeat(3000);
        assertBad("/api/v1/series/occupancy?fields=data." + deep, "fields");
        assertBad("/api/v1/aggregate/occupancy?fields=data." + deep, "fields");
        assertBad("/api/v1/series/occupancy?cut=occupancy.data." + deep + "=1", "cut");
        assertBad("/api/v1/latest/occupancy/data." + deep, "field");
        assertBad("/api/v1/latest/occupancy/data/" + deep.replace('.', '/'), "field");
        assertBad("/proc/occupancy/" + deep, "key");
        assertBad("/proc/occupancy/events?occupancy." + deep + "=3", Params.shorten("occupancy." + deep));
    }

    @Test
    public void anAnswerThatFailsAfterItStartedIsBrokenOffNotClosedIntoAWholeOne() throws Exception {
        for (long t = ApiTest.NOW - 3_600_000; t < ApiTest.NOW - 600_000; t += 2000) {
            store.add("occupancy", t, ApiTest.data("events", 2000L, "pad", "x".repeat(400)));
        }
        FakeQueryService failing = new FakeQueryService() {
            @Override
            public long documents(String name, long from, long to, int limit, QueryLimits limits,
                    java.util.function.Consumer<SampleDocument> sink) {
                int[] n = {0};
                store.docs.forEach(d -> {
                    if (n[0]++ == 1500) {
                        throw new QueryStoppedBy("the store went away");
                    }
                    sink.accept(d);
                });
                return n[0];
            }
        };
        failing.docs.addAll(store.docs);
        Api a = new Api(() -> failing, () -> null, ApiTest.CLOCK, ApiSettings.DEFAULTS);
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        boolean[] started = {false};
        try {
            a.serve(ApiRequest.get("/api/v1/documents/occupancy?limit=5000&from=-2h"), new Exchange() {
                @Override
                public OutputStream start(int status, Map<String, String> headers, long length) {
                    assertEquals(200, status);
                    assertEquals(-1, length);
                    assertFalse(headers.containsKey("ETag"));
                    started[0] = true;
                    return sent;
                }

                @Override
                public boolean started() {
                    return started[0];
                }
            });
            fail("an answer cut short was given as whole");
        } catch (IOException e) {
            assertTrue(started[0]);
            String text = sent.toString(java.nio.charset.StandardCharsets.UTF_8);
            assertFalse("not closed into valid JSON", text.endsWith("]}"));
        }
    }

    /** An unexpected failure in the middle of a store's read. */
    private static final class QueryStoppedBy extends RuntimeException {
        private static final long serialVersionUID = 1L;

        QueryStoppedBy(String message) {
            super(message);
        }
    }

    private void assertBad(String pathAndQuery, String parameter) throws Exception {
        ApiResponse r = get(pathAndQuery);
        assertEquals(Params.shorten(pathAndQuery) + ": " + r.text(), 400, r.status());
        assertEquals(parameter, ApiTest.json(r).get("parameter").asText());
        assertTrue("the message is short", r.text().length() < 600);
    }
}

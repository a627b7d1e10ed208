package org.snoplus.snoop.web.api.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;

/**
 * The servlet in a real Jetty (the Jetty 12 that Felix HTTP embeds, started here without OSGi),
 * under the patterns the whiteboard registration gives it, asked over HTTP on 127.0.0.1.
 */
public class HttpTest {

    private Server server;
    private URI base;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Before
    public void start() throws Exception {
        FakeQueryService store = new FakeQueryService();
        for (long t = ApiTest.NOW - 60_000; t < ApiTest.NOW; t += 2000) {
            store.add("count", t, ApiTest.data("count", 2000L, "note", "μ → ν"));
            store.add("rate", t, ApiTest.data("rate", (double) (t / 2000 % 10)));
        }
        ApiSettings settings = new ApiSettings("/snoop", 5000, List.of());
        Api api = new Api(() -> store, () -> null, ApiTest.CLOCK, settings);
        server = new Server(new InetSocketAddress("127.0.0.1", 0));
        ServletContextHandler context = new ServletContextHandler("/");
        ServletHolder holder = new ServletHolder(new ApiServlet(api));
        for (Object pattern : (String[]) WebApi.properties(settings).get("osgi.http.whiteboard.servlet.pattern")) {
            context.addServlet(holder, (String) pattern);
        }
        server.setHandler(context);
        server.start();
        base = URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
    }

    @After
    public void stop() throws Exception {
        server.stop();
    }

    private HttpResponse<String> get(String pathAndQuery, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    public void theApiAnswersJsonInUtf8OverHttp() throws Exception {
        HttpResponse<String> r = get("/snoop/api/v1/latest/count/data.note");
        assertEquals(200, r.statusCode());
        assertEquals("{\"time\":" + (ApiTest.NOW - 2000) + ",\"value\":\"μ → ν\"}", r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().toLowerCase().startsWith("application/json;charset=utf-8"));
        assertEquals("no-cache", r.headers().firstValue("Cache-Control").orElseThrow());

        String etag = r.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = get("/snoop/api/v1/latest/count/data.note", "If-None-Match", etag);
        assertEquals(304, again.statusCode());
        assertEquals("", again.body());
    }

    @Test
    public void seriesWoodstockAndTheDescriptionAreServed() throws Exception {
        HttpResponse<String> s = get("/snoop/api/v1/series/count?from=-10s&fields=data.count&cut=rate.data.rate%3D0..5");
        assertEquals(s.body(), 200, s.statusCode());
        assertTrue(s.body(), s.body().contains("\"points\":[["));
        assertEquals("2000", get("/snoop/proc/count/count").body());
        HttpResponse<String> pairs = get("/snoop/proc/count/count/-6s..now?rate.rate=0..9");
        assertEquals(pairs.body(), 200, pairs.statusCode());
        assertTrue(pairs.body(), pairs.body().startsWith("[[" + (ApiTest.NOW - 2000) + ",2000]"));
        HttpResponse<String> openapi = get("/snoop/api/openapi.json");
        assertEquals(200, openapi.statusCode());
        assertTrue(openapi.body().contains("\"servers\":[{\"url\":\"/snoop\"}]"));
    }

    @Test
    public void errorsAreJsonWithTheirStatus() throws Exception {
        HttpResponse<String> bad = get("/snoop/api/v1/series/count?points=0");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body(), bad.body().endsWith("\"parameter\":\"points\"}"));
        HttpResponse<String> missing = get("/snoop/api/v1/nothing");
        assertEquals(404, missing.statusCode());
        assertTrue(missing.body(), missing.body().startsWith("{\"error\":\"no such path: /snoop/api/v1/nothing"));
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(base.resolve("/snoop/api/v1/processors"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD, OPTIONS", post.headers().firstValue("Allow").orElseThrow());
    }
}

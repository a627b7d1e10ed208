package org.snoplus.snoop.web.dashboard.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.After;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.snoplus.snoop.testing.SampleDocuments;

/**
 * The dashboard's servlet in a real Jetty (the Jetty 12 that Felix HTTP embeds, started here
 * without OSGi) under the pattern of its whiteboard registration, asked over HTTP on 127.0.0.1.
 */
public class HttpTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Server server;
    private URI base;
    private LiveHub hub;
    private Path dir;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Before
    public void start() throws Exception {
        dir = tmp.newFolder("dashboards").toPath();
        Files.writeString(dir.resolve("index.md"), "# Home\n\n{{ value rate.data.rate unit=Hz }}\n");
        Files.writeString(dir.resolve("nhit.md"), "<!-- snoop: order=5 -->\n# NHIT\n\n{{ histogram nhit.data.hist }}\n\n"
                + "{{ histogram nhit.data.mean }}\n");
        DashboardSettings s = new DashboardSettings(dir, "", "", 256 * 1024, 100, 200, 5000, 3, 2, 256, 1 << 20, 16, 15, 60);
        Docs docs = Docs.demo();
        hub = new LiveHub(s);
        Site site = new Site(s, docs::query, () -> null, new Site.Extensions() {
            @Override
            public List<String> scripts() {
                return List.of("/api/v1/alarms/page.js");
            }

            @Override
            public List<String> styles() {
                return List.of();
            }
        });
        server = new Server(new InetSocketAddress("127.0.0.1", 0));
        ServletContextHandler context = new ServletContextHandler("/");
        ServletHolder holder = new ServletHolder(new DashboardServlet(site, new Assets(), () -> hub, () -> null));
        holder.setAsyncSupported((Boolean) Dashboard.properties(s).get("osgi.http.whiteboard.servlet.asyncSupported"));
        context.addServlet(holder, (String) Dashboard.properties(s).get("osgi.http.whiteboard.servlet.pattern"));
        server.setHandler(context);
        server.start();
        base = URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort());
    }

    @After
    public void stop() throws Exception {
        hub.close();
        server.stop();
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return client.send(b.GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    public void pagesAreHtmlWithTheirTagsCheckedAndAStrictPolicy() throws Exception {
        HttpResponse<String> home = get("/");
        assertEquals(200, home.statusCode());
        assertEquals("text/html;charset=utf-8", home.headers().firstValue("Content-Type").orElseThrow().toLowerCase());
        assertTrue(home.headers().firstValue("Content-Security-Policy").orElseThrow().startsWith("default-src 'self'"));
        assertTrue(home.body(), home.body().contains("<nav><a href=\"/\" class=\"here\" aria-current=\"page\">Home</a>"
                + "<a href=\"/nhit\">NHIT</a></nav>"));
        assertTrue(home.body().contains("snoop-tag snoop-value"));
        assertTrue(home.body().contains("<script defer src=\"/api/v1/alarms/page.js\"></script>"));

        HttpResponse<String> nhit = get("/nhit");
        assertEquals(200, nhit.statusCode());
        assertTrue(nhit.body().contains("snoop-tag snoop-histogram"));
        assertTrue("a wrong field is a box, not a 500", nhit.body().contains("nhit.data.mean is a number, not a histogram"));
        assertEquals(200, get("/nhit.md").statusCode());
        assertEquals(200, get("/nhit/").statusCode());
    }

    @Test
    public void aNewFileIsAPageOnTheNextLoad() throws Exception {
        assertEquals(404, get("/fresh").statusCode());
        Files.writeString(dir.resolve("fresh.md"), "# Fresh\n\n{{ value rate.data.rate }}\n\n{{ timeseries rate.data.rate }}\n");
        HttpResponse<String> r = get("/fresh");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("<h1>Fresh</h1>"));
        assertTrue(get("/").body().contains("<a href=\"/fresh\">Fresh</a>"));
    }

    @Test
    public void aPageThatIsNotThereSaysHowToMakeIt() throws Exception {
        HttpResponse<String> r = get("/nhti");
        assertEquals(404, r.statusCode());
        assertTrue(r.body(), r.body().contains("There is no file <code>nhti.md</code>"));
        assertTrue(r.body(), r.body().contains("Did you mean <a href=\"/nhit\">nhit</a>?"));
        HttpResponse<String> longPath = get("/" + "a".repeat(6000));
        assertEquals(404, longPath.statusCode());
        assertTrue(longPath.body().length() < 20_000);
        int traversal = get("/..%2f..%2fetc%2fpasswd").statusCode();
        assertTrue("refused by Jetty (400) or not a page (404): " + traversal, traversal == 400 || traversal == 404);
    }

    @Test
    public void filesOfTheDashboardWithEntityTags() throws Exception {
        HttpResponse<String> js = get("/-/static/snoop.js");
        assertEquals(200, js.statusCode());
        assertTrue(js.headers().firstValue("Content-Type").orElseThrow().startsWith("text/javascript"));
        String etag = js.headers().firstValue("ETag").orElseThrow();
        assertEquals(304, get("/-/static/snoop.js", "If-None-Match", etag).statusCode());
        assertEquals(200, get("/-/uplot/uPlot.iife.min.js").statusCode());
        assertEquals(200, get("/-/uplot/uPlot.min.css").statusCode());
        assertEquals(404, get("/-/static/../Dashboard.class").statusCode());
        assertEquals(404, get("/-/static/nothing.js").statusCode());
        assertEquals(404, get("/-/uplot/uPlot.d.ts").statusCode());
    }

    @Test
    public void newestValuesInOneAnswer() throws Exception {
        HttpResponse<String> r = get("/-/latest?f=rate.data.rate,host.data.heap.used&f=rate.data.none&f=none.data.x");
        assertEquals(200, r.statusCode());
        assertEquals("{\"rate.data.rate\":{\"time\":" + Docs.T + ",\"run\":300000,\"value\":1015.9},"
                + "\"host.data.heap.used\":{\"time\":" + Docs.T + ",\"run\":300000,\"value\":59666200},"
                + "\"rate.data.none\":{\"error\":\"the newest document of rate has no field data.none\"},"
                + "\"none.data.x\":{\"error\":\"no documents of processor none\"}}", r.body());
        assertEquals(400, get("/-/latest?f=rate").statusCode());
    }

    @Test
    public void statusWithoutThePlatformSaysSo() throws Exception {
        HttpResponse<String> r = get("/-/status");
        assertEquals(200, r.statusCode());
        assertTrue(r.body(), r.body().contains("\"admin\":false"));
        assertTrue(r.body(), r.body().contains("\"live\":{\"clients\":0,\"maxClients\":2"));
    }

    @Test
    public void aTagFullSizeAndABrokenOne() throws Exception {
        HttpResponse<String> ok = get("/-/plot?tag=histogram+nhit.data.hist+log");
        assertEquals(200, ok.statusCode());
        assertTrue(ok.body().contains("<div class=\"snoop-full\"><span class=\"snoop-tag snoop-histogram snoop-block\""));
        HttpResponse<String> bad = get("/-/plot?tag=histogram+nhit.data.hist+rnage%3D-1h");
        assertEquals(200, bad.statusCode());
        assertTrue(bad.body().contains("did you mean range=?"));
        assertTrue(get("/-/plot").body().contains("the tag is empty"));
    }

    @Test
    public void onlyReading() throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(base.resolve("/nhit"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, r.statusCode());
        assertEquals("GET, HEAD", r.headers().firstValue("Allow").orElseThrow());
    }

    @Test
    public void theLiveStreamOverHttp() throws Exception {
        HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(base.resolve("/-/live?f=rate.data.rate"))
                .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        assertEquals("text/event-stream;charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow().toLowerCase());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            assertEquals("retry: 3000", in.readLine());
            assertEquals("event: hello", in.readLine());
            assertTrue(in.readLine().startsWith("data: {\"client\":"));
            assertEquals("", in.readLine());
            long until = System.currentTimeMillis() + 10_000;
            while (hub.clientCount() == 0 && System.currentTimeMillis() < until) {
                Thread.sleep(20);
            }
            hub.publish(List.of(SampleDocuments.doc("rate", 5000, "rate", 999.5)));
            assertEquals("event: doc", in.readLine());
            String data = in.readLine();
            assertTrue(data, data.startsWith("data: {\"name\":\"rate\",\"time\":5000,") && data.endsWith("\"values\":{\"data.rate\":999.5}}"));

            // the limit is two pages: a third is refused and told when to come back
            HttpResponse<InputStream> second = client.send(HttpRequest.newBuilder(base.resolve("/-/live?f=rate"))
                    .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, second.statusCode());
            HttpResponse<String> third = get("/-/live?f=rate");
            assertEquals(503, third.statusCode());
            assertEquals("10", third.headers().firstValue("Retry-After").orElseThrow());
            second.body().close();
        }
        assertEquals(400, get("/-/live?f=rate.rate").statusCode());
    }
}

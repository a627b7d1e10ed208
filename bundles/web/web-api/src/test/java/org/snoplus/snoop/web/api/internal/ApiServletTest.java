package org.snoplus.snoop.web.api.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.Test;
import org.snoplus.snoop.query.Cut;

/** The servlet takes path, query and headers from the request as the container gives them. */
public class ApiServletTest {

    private final FakeQueryService store = new FakeQueryService().add("count", ApiTest.NOW - 2000,
            ApiTest.data("count", 2000L)).add("rate", ApiTest.NOW - 2000, ApiTest.data("rate", 5.0));
    private final Api api = new Api(() -> store, () -> null, ApiTest.CLOCK, new ApiSettings("/snoop", 5000,
            List.of("https://dash.snoplus.ca")));

    /** What the fake response received. */
    static final class Sent {
        int status;
        final Map<String, String> headers = new LinkedHashMap<>();
        int contentLength = -1;
        final ByteArrayOutputStream body = new ByteArrayOutputStream();

        String text() {
            return body.toString(StandardCharsets.UTF_8);
        }
    }

    private Sent call(String method, String servletPath, String pathInfo, String query, Map<String, String> headers)
            throws Exception {
        HttpServletRequest req = (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (self, m, args) -> {
                    switch (m.getName()) {
                        case "getMethod":
                            return method;
                        case "getServletPath":
                            return servletPath;
                        case "getPathInfo":
                            return pathInfo;
                        case "getQueryString":
                            return query;
                        case "getHeader":
                            return headers.get(((String) args[0]).toLowerCase());
                        default:
                            throw new UnsupportedOperationException(m.getName());
                    }
                });
        Sent sent = new Sent();
        ServletOutputStream out = new ServletOutputStream() {
            @Override
            public void write(int b) {
                sent.body.write(b);
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {
            }
        };
        HttpServletResponse resp = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (self, m, args) -> {
                    switch (m.getName()) {
                        case "setStatus":
                            sent.status = (Integer) args[0];
                            return null;
                        case "setHeader":
                            sent.headers.put((String) args[0], (String) args[1]);
                            return null;
                        case "setContentLength":
                            sent.contentLength = (Integer) args[0];
                            return null;
                        case "getOutputStream":
                            return out;
                        default:
                            throw new UnsupportedOperationException(m.getName());
                    }
                });
        new ApiServlet(api).service(req, resp);
        return sent;
    }

    @Test
    public void theServletPathAndPathInfoMakeThePath() throws Exception {
        Sent s = call("GET", "/snoop/api", "/v1/latest/count/data.count", null, Map.of());
        assertEquals(200, s.status);
        assertEquals("{\"time\":" + (ApiTest.NOW - 2000) + ",\"value\":2000}", s.text());
        assertEquals(s.body.size(), s.contentLength);
        assertEquals("application/json;charset=UTF-8", s.headers.get("Content-Type"));
        assertEquals("no-cache", s.headers.get("Cache-Control"));
        assertTrue(s.headers.containsKey("ETag"));
    }

    @Test
    public void theQueryStringIsDecodedAsAForm() throws Exception {
        call("GET", "/snoop/api", "/v1/series/count",
                "from=2025-11-28T20%3A39%3A00%2B00%3A00&to=2025-11-28T21:40:00+01:00&cut=rate.data.rate%3D1..10&cut=rate.data.name=a+b&fields=data.count",
                Map.of());
        assertEquals(ApiTest.NOW - 60_000, store.lastSeries.from());
        assertEquals("a '+' sent as such is a space, and taken back in a time", ApiTest.NOW, store.lastSeries.to());
        assertEquals(List.of(Cut.between("rate", "data.rate", 1.0, 10.0), Cut.equal("rate", "data.name", "a b")),
                store.lastSeries.cuts());
    }

    @Test
    public void headHasTheHeadersButNoBody() throws Exception {
        Sent s = call("HEAD", "/snoop/api", "/v1/latest/count", null, Map.of());
        assertEquals(200, s.status);
        assertTrue(s.contentLength > 0);
        assertEquals(0, s.body.size());
    }

    @Test
    public void theHeadersTheApiReadsArePassedOn() throws Exception {
        Sent first = call("GET", "/snoop/proc", "/count/count", null, Map.of("origin", "https://dash.snoplus.ca"));
        assertEquals("2000", first.text());
        assertEquals("https://dash.snoplus.ca", first.headers.get("Access-Control-Allow-Origin"));
        Sent again = call("GET", "/snoop/proc", "/count/count", null, Map.of("if-none-match", first.headers.get("ETag")));
        assertEquals(304, again.status);
        assertEquals(0, again.body.size());
        Sent bad = call("GET", "/snoop/api", "/v1/series/count", "from=x", Map.of());
        assertEquals(400, bad.status);
        assertTrue(bad.text(), bad.text().endsWith(",\"parameter\":\"from\"}"));
    }
}

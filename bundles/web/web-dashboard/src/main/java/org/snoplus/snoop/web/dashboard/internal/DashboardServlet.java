package org.snoplus.snoop.web.dashboard.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snoplus.snoop.admin.SnoopAdmin;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The dashboard over HTTP, under the path prefix:
 * <pre>
 * /                 the home page (index.md)
 * /NAME             the page NAME.md
 * /-/plot?tag=...   one tag alone, full size (where a link tag leads)
 * /-/live?f=...     the live stream (server-sent events; f = PROCESSOR.PATH, PROCESSOR or *, repeated)
 * /-/status         the platform's heartbeat: loop, processors, readers, writers (JSON)
 * /-/latest?f=...   the newest value of fields (f = PROCESSOR.PATH, repeated or comma-separated), in one answer
 * /-/static/...     the page script and style; /-/uplot/... uPlot
 * </pre>
 * Page names cannot start with '-', so nothing of the dashboard's own can be shadowed by a page.
 */
final class DashboardServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(DashboardServlet.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
            + "object-src 'none'; base-uri 'none'; frame-ancestors 'self'";

    private final transient Site site;
    private final transient Assets assets;
    private final transient Supplier<LiveHub> live;
    private final transient Supplier<SnoopAdmin> admin;

    DashboardServlet(Site site, Assets assets, Supplier<LiveHub> live, Supplier<SnoopAdmin> admin) {
        this.site = site;
        this.assets = assets;
        this.live = live;
        this.admin = admin;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String method = req.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            resp.setHeader("Allow", "GET, HEAD");
            text(resp, 405, method + " is not supported: the dashboard is read-only (GET, HEAD)");
            return;
        }
        String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
        String prefix = site.settings().prefix();
        if (!path.startsWith(prefix)) {
            text(resp, 404, "not a path of the dashboard");
            return;
        }
        String rest = path.substring(prefix.length());
        if (rest.isEmpty() || rest.equals("/")) {
            html(req, resp, site.page("index"));
        } else if (rest.startsWith("/-/")) {
            own(req, resp, rest.substring(3));
        } else {
            String name = rest.substring(1);
            if (name.endsWith("/")) {
                name = name.substring(0, name.length() - 1);
            }
            if (name.endsWith(".md")) {
                // a link written as to the file, as it works when the Markdown is read elsewhere
                name = name.substring(0, name.length() - 3);
            }
            html(req, resp, site.page(name));
        }
    }

    private void own(HttpServletRequest req, HttpServletResponse resp, String what) throws IOException {
        switch (what) {
            case "live" -> live(req, resp);
            case "status" -> status(req, resp);
            case "latest" -> latest(req, resp);
            case "plot" -> {
                String[] tag = req.getParameterValues("tag");
                html(req, resp, site.plot(tag == null || tag.length != 1 ? "" : tag[0]));
            }
            default -> {
                Assets.Asset a = what.startsWith("static/") || what.startsWith("uplot/") ? assets.get(what) : null;
                if (a == null) {
                    text(resp, 404, "no such file of the dashboard");
                    return;
                }
                resp.setHeader("ETag", a.etag());
                resp.setHeader("Cache-Control", "no-cache");
                resp.setHeader("X-Content-Type-Options", "nosniff");
                String match = req.getHeader("If-None-Match");
                if (match != null && Arrays.stream(match.split(",")).map(String::strip).anyMatch(a.etag()::equals)) {
                    resp.setStatus(304);
                    return;
                }
                resp.setContentType(a.type());
                resp.setContentLength(a.bytes().length);
                if (!req.getMethod().equals("HEAD")) {
                    resp.getOutputStream().write(a.bytes());
                }
            }
        }
    }

    private void html(HttpServletRequest req, HttpServletResponse resp, Site.Answer a) throws IOException {
        byte[] body = a.html().getBytes(StandardCharsets.UTF_8);
        resp.setStatus(a.status());
        resp.setContentType("text/html;charset=UTF-8");
        resp.setHeader("Cache-Control", "no-cache");
        resp.setHeader("Content-Security-Policy", CSP);
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setHeader("Referrer-Policy", "same-origin");
        resp.setContentLength(body.length);
        if (!req.getMethod().equals("HEAD")) {
            resp.getOutputStream().write(body);
        }
    }

    private static void text(HttpServletResponse resp, int status, String message) throws IOException {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        resp.setStatus(status);
        resp.setContentType("text/plain;charset=UTF-8");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }

    private void status(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        LiveHub hub = live.get();
        Map<String, Object> s;
        try {
            s = Status.of(admin.get(), hub == null ? null : hub.stats(), System.currentTimeMillis());
        } catch (RuntimeException e) {
            // the platform going away while asked
            s = Status.of(null, hub == null ? null : hub.stats(), System.currentTimeMillis());
        }
        byte[] body = JSON.writeValueAsBytes(s);
        resp.setContentType("application/json;charset=UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.setContentLength(body.length);
        if (!req.getMethod().equals("HEAD")) {
            resp.getOutputStream().write(body);
        }
    }

    private void latest(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        List<String> fields = follow(req);
        Map<String, Object> out;
        int status = 200;
        try {
            out = site.latest(fields);
        } catch (TagException e) {
            out = Map.of("error", e.problem() + ": " + e.fix());
            status = 400;
        }
        byte[] body = JSON.writeValueAsBytes(out);
        resp.setStatus(status);
        resp.setContentType("application/json;charset=UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("X-Content-Type-Options", "nosniff");
        resp.setContentLength(body.length);
        if (!req.getMethod().equals("HEAD")) {
            resp.getOutputStream().write(body);
        }
    }

    /** The fields of {@code f} parameters, repeated or separated by commas. */
    private static List<String> follow(HttpServletRequest req) {
        List<String> out = new ArrayList<>();
        String[] fs = req.getParameterValues("f");
        if (fs != null) {
            for (String f : fs) {
                for (String one : f.split(",")) {
                    if (!one.isBlank()) {
                        out.add(one.strip());
                    }
                }
            }
        }
        return out;
    }

    private void live(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        LiveHub hub = live.get();
        if (hub == null) {
            resp.setHeader("Retry-After", "5");
            text(resp, 503, "the live stream is not running");
            return;
        }
        List<String> follow = follow(req);
        if (!req.isAsyncSupported()) {
            text(resp, 500, "the servlet container does not allow asynchronous requests for the dashboard");
            return;
        }
        AsyncContext ctx = req.startAsync();
        ctx.setTimeout(0);
        ServletOutputStream out = resp.getOutputStream();
        LiveClient.Sink sink = new LiveClient.Sink() {
            @Override
            public boolean isReady() {
                return out.isReady();
            }

            @Override
            public void write(byte[] bytes) throws IOException {
                out.write(bytes);
            }

            @Override
            public void flush() throws IOException {
                out.flush();
            }

            @Override
            public void close() {
                try {
                    ctx.complete();
                } catch (IllegalStateException e) {
                    // already completed by the container (the page went away)
                }
            }
        };
        LiveClient client;
        try {
            client = hub.open(follow, sink);
        } catch (TagException e) {
            LOG.info("dashboard: a page's live stream refused: {}: {}", e.problem(), e.fix());
            resp.setStatus(400);
            resp.setContentType("text/plain;charset=UTF-8");
            out.write((e.problem() + ": " + e.fix() + "\n").getBytes(StandardCharsets.UTF_8));
            ctx.complete();
            return;
        }
        if (client == null) {
            LOG.info("dashboard: a page's live stream refused: live.clients pages already follow it");
            resp.setStatus(503);
            resp.setHeader("Retry-After", "10");
            resp.setContentType("text/plain;charset=UTF-8");
            out.write("too many pages follow the live stream (live.clients); retry later\n"
                    .getBytes(StandardCharsets.UTF_8));
            ctx.complete();
            return;
        }
        resp.setStatus(200);
        resp.setContentType("text/event-stream;charset=UTF-8");
        resp.setHeader("Cache-Control", "no-store");
        resp.setHeader("X-Accel-Buffering", "no");
        long period = 5000;
        SnoopAdmin a = admin.get();
        if (a != null) {
            try {
                period = a.loop().samplePeriodMs();
            } catch (RuntimeException e) {
                // keep the default
            }
        }
        client.offer(hub.hello(client, period));
        ctx.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                hub.closed(client);
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                hub.closed(client);
            }

            @Override
            public void onError(AsyncEvent event) {
                hub.closed(client);
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                // not restarted
            }
        });
        out.setWriteListener(new WriteListener() {
            @Override
            public void onWritePossible() {
                hub.writable(client);
            }

            @Override
            public void onError(Throwable t) {
                LOG.debug("dashboard: a live page went away: {}", t.toString());
                hub.closed(client);
            }
        });
    }
}

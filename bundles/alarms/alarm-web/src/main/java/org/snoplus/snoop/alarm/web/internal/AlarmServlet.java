package org.snoplus.snoop.alarm.web.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The {@link AlarmApi} as a servlet: the request's parts in, the answer out; a body beyond 16 kB is refused. */
final class AlarmServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    private final transient AlarmApi api;

    AlarmServlet(AlarmApi api) {
        this.api = api;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
        String body = null;
        if (req.getMethod().equals("POST")) {
            if (req.getContentLengthLong() > AlarmApi.MAX_BODY) {
                send(req, resp, AlarmApi.tooLarge());
                return;
            }
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try (InputStream in = req.getInputStream()) {
                byte[] buf = new byte[4096];
                int n;
                while ((n = in.read(buf)) > 0) {
                    b.write(buf, 0, n);
                    if (b.size() > AlarmApi.MAX_BODY) {
                        send(req, resp, AlarmApi.tooLarge());
                        return;
                    }
                }
            }
            body = b.toString(StandardCharsets.UTF_8);
        }
        send(req, resp, api.handle(new AlarmApi.Request(req.getMethod(), path, query(req.getQueryString()),
                req.getHeader("Authorization"), body)));
    }

    private static void send(HttpServletRequest req, HttpServletResponse resp, AlarmApi.Response r)
            throws IOException {
        resp.setStatus(r.status());
        r.headers().forEach(resp::setHeader);
        resp.setContentLength(r.body().length);
        if (!req.getMethod().equals("HEAD")) {
            resp.getOutputStream().write(r.body());
        }
    }

    static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            params.computeIfAbsent(decode(eq < 0 ? pair : pair.substring(0, eq)), k -> new ArrayList<>())
                    .add(eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return params;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }
}

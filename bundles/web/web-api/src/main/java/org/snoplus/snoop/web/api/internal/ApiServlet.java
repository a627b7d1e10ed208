package org.snoplus.snoop.web.api.internal;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The {@link Api} as a servlet: takes what the API needs from the request, sends back what it
 * answers. Nothing else happens here, so that the API is tested without a servlet container.
 */
final class ApiServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    /** The request headers the API reads. */
    private static final String[] HEADERS = {"origin", "if-none-match", "access-control-request-headers"};

    private final transient Api api;

    ApiServlet(Api api) {
        this.api = api;
    }

    @Override
    protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        // servlet path and path info are decoded by the container; the context path is not ours
        String path = req.getServletPath() + (req.getPathInfo() == null ? "" : req.getPathInfo());
        Map<String, String> headers = new HashMap<>();
        for (String h : HEADERS) {
            String v = req.getHeader(h);
            if (v != null) {
                headers.put(h, v);
            }
        }
        // the query string is parsed here rather than by getParameterMap(), which would read a form body
        ApiResponse r = api.handle(new ApiRequest(req.getMethod(), path, ApiRequest.query(req.getQueryString()), headers));
        resp.setStatus(r.status());
        for (Map.Entry<String, String> h : r.headers().entrySet()) {
            resp.setHeader(h.getKey(), h.getValue());
        }
        if (r.body().length > 0) {
            resp.setContentLength(r.body().length);
            if (!"HEAD".equals(req.getMethod())) {
                resp.getOutputStream().write(r.body());
            }
        }
    }
}

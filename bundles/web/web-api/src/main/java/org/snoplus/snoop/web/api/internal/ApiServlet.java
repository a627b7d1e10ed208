package org.snoplus.snoop.web.api.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The {@link Api} as a servlet: takes what the API needs from the request, lets it write its
 * answer into the response. Nothing else happens here, so that the API is tested without a
 * servlet container.
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
        boolean head = "HEAD".equals(req.getMethod());
        // the query string is parsed here rather than by getParameterMap(), which would read a form body
        api.serve(new ApiRequest(req.getMethod(), path, ApiRequest.query(req.getQueryString()), headers),
                new Exchange() {
                    private boolean started;

                    @Override
                    public OutputStream start(int status, Map<String, String> h, long length) throws IOException {
                        started = true;
                        resp.setStatus(status);
                        for (Map.Entry<String, String> e : h.entrySet()) {
                            resp.setHeader(e.getKey(), e.getValue());
                        }
                        if (length > 0) {
                            resp.setContentLength((int) length);
                        }
                        return head ? OutputStream.nullOutputStream() : resp.getOutputStream();
                    }

                    @Override
                    public boolean started() {
                        return started;
                    }
                });
    }
}

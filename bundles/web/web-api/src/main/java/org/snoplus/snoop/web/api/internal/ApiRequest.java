package org.snoplus.snoop.web.api.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request as the {@link Api} sees it, free of the servlet API.
 *
 * @param method HTTP method, upper case
 * @param path the decoded path below the servlet context, prefix included: {@code /api/v1/processors}
 * @param params query parameters in the order given, each with its values in order
 * @param headers request headers that matter here, by lower-case name: {@code origin},
 *        {@code if-none-match}, {@code access-control-request-headers}
 */
record ApiRequest(String method, String path, Map<String, List<String>> params, Map<String, String> headers) {

    ApiRequest {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        headers = Map.copyOf(headers);
    }

    /** A GET of {@code pathAndQuery} ({@code /api/v1/series/count?from=-2h}), for tests and tools. */
    static ApiRequest get(String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        return new ApiRequest("GET", URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8),
                query(q < 0 ? null : pathAndQuery.substring(q + 1)), Map.of());
    }

    /** Parses a raw query string ({@code a=1&b=x%20y&a=2}) as forms are encoded: '+' is a space. */
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
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // a stray '%': keep the text as it came rather than refuse the request
            return s;
        }
    }

    String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    ApiRequest withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name.toLowerCase(Locale.ROOT), value);
        return new ApiRequest(method, path, params, h);
    }

    ApiRequest withMethod(String m) {
        return new ApiRequest(m, path, params, headers);
    }
}

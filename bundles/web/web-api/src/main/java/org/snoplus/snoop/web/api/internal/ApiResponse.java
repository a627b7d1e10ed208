package org.snoplus.snoop.web.api.internal;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the {@link Api} answers: status, headers (in the order to send them) and body (JSON in
 * UTF-8, or empty).
 */
record ApiResponse(int status, Map<String, String> headers, byte[] body) {

    ApiResponse {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    String header(String name) {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}

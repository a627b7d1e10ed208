package org.snoplus.snoop.web.api.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The API's configuration, validated. Built from {@link WebApiConfig} by {@link #from}; a value
 * that makes no sense is rejected with its key and the reason.
 *
 * @param prefix put in front of every path: empty, or {@code /a/b} without a trailing slash
 * @param maxPoints cap on points in a series and on documents in one answer
 * @param corsOrigins origins allowed to read from a browser, lower case; {@code *} for any
 * @param maxBytes the budget of one answer, bytes of JSON
 * @param timeoutMillis the time limit of one request, ms
 * @param workers heavy requests (over more than an hour, or a run) answered at once; twice as
 *        many of the others (latest values, the last hour, the list of processors)
 */
record ApiSettings(String prefix, int maxPoints, List<String> corsOrigins, long maxBytes, long timeoutMillis,
        int workers) {

    static final long MB = 1L << 20;
    static final int DEFAULT_ANSWER_MB = 16;
    static final long DEFAULT_TIMEOUT_MS = 10_000;
    static final int DEFAULT_WORKERS = 4;

    static final ApiSettings DEFAULTS = new ApiSettings("", 5000, List.of());

    static final int MAX_POINTS_LIMIT = 1_000_000;
    static final int MAX_WORKERS = 256;

    /** With the default budget, time limit and workers. */
    ApiSettings(String prefix, int maxPoints, List<String> corsOrigins) {
        this(prefix, maxPoints, corsOrigins, DEFAULT_ANSWER_MB * MB, DEFAULT_TIMEOUT_MS, DEFAULT_WORKERS);
    }

    ApiSettings withLimits(long bytes, long millis, int n) {
        return new ApiSettings(prefix, maxPoints, corsOrigins, bytes, millis, n);
    }

    private static final Pattern PREFIX = Pattern.compile("(/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)*");
    private static final Pattern ORIGIN = Pattern.compile("https?://[a-z0-9.-]+(:\\d{1,5})?|https?://\\[[0-9a-f:.]+\\](:\\d{1,5})?");

    ApiSettings {
        corsOrigins = List.copyOf(corsOrigins);
    }

    static ApiSettings from(WebApiConfig c) {
        String prefix = c.path_prefix() == null ? "" : c.path_prefix().trim();
        if (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        check(PREFIX.matcher(prefix).matches(), "path.prefix", "must be empty or a path like /snoop (segments of "
                + "letters, digits, '.', '_', '~' and '-'), not '" + c.path_prefix() + "'");
        check(c.max_points() >= 1 && c.max_points() <= MAX_POINTS_LIMIT, "max.points",
                "must be between 1 and " + MAX_POINTS_LIMIT + ", not " + c.max_points());
        List<String> origins = new ArrayList<>();
        for (String o : c.cors_origins() == null ? new String[0] : c.cors_origins()) {
            String origin = o == null ? "" : o.trim().toLowerCase(Locale.ROOT);
            if (origin.isEmpty()) {
                continue;
            }
            check(origin.equals("*") || ORIGIN.matcher(origin).matches(), "cors.origins",
                    "must hold * or origins like https://host or http://host:8080 (no path, no trailing slash), not '"
                            + o.trim() + "'");
            origins.add(origin);
        }
        check(c.answer_max_mb() >= 1 && c.answer_max_mb() <= 4096, "answer.max.mb",
                "must be between 1 and 4096, not " + c.answer_max_mb());
        check(c.timeout_ms() >= 100 && c.timeout_ms() <= 3_600_000, "timeout.ms",
                "must be between 100 and 3600000, not " + c.timeout_ms());
        check(c.workers() >= 1 && c.workers() <= MAX_WORKERS, "workers",
                "must be between 1 and " + MAX_WORKERS + ", not " + c.workers());
        return new ApiSettings(prefix, c.max_points(), origins, c.answer_max_mb() * MB, c.timeout_ms(), c.workers());
    }

    /** What {@code Access-Control-Allow-Origin} answers to a request from {@code origin}, or null. */
    String allowOrigin(String origin) {
        if (corsOrigins.contains("*")) {
            return "*";
        }
        if (origin != null && corsOrigins.contains(origin.toLowerCase(Locale.ROOT))) {
            return origin;
        }
        return null;
    }

    private static void check(boolean ok, String key, String reason) {
        if (!ok) {
            throw new IllegalArgumentException("bad configuration: " + key + " " + reason);
        }
    }
}

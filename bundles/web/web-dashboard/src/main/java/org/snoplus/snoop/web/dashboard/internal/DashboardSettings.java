package org.snoplus.snoop.web.dashboard.internal;

import java.nio.file.Path;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The dashboard's configuration, checked: every bad value is refused with its key and the reason
 * (the running dashboard keeps its previous settings).
 */
record DashboardSettings(Path dir, String prefix, String apiPrefix, int maxFileBytes, int maxTags, int maxPages,
        int maxPoints, int stalePeriods, int liveClients, int liveQueue, int liveQueueBytes, int liveFields,
        int heartbeatS, int stuckS) {

    private static final Pattern PREFIX = Pattern.compile("(/[A-Za-z0-9._~-]+)*");

    /**
     * @param frameworkProperty reads framework properties ({@code snoop.root})
     * @throws IllegalArgumentException naming the key and the reason
     */
    static DashboardSettings from(DashboardConfig c, Function<String, String> frameworkProperty) {
        Path dir;
        if (c.dir() == null || c.dir().isBlank()) {
            String root = frameworkProperty.apply("snoop.root");
            dir = (root == null ? Path.of("dashboards") : Path.of(root, "dashboards")).toAbsolutePath().normalize();
        } else {
            dir = Path.of(c.dir().strip()).toAbsolutePath().normalize();
        }
        String prefix = prefix("path.prefix", c.path_prefix());
        String api = prefix("api.prefix", c.api_prefix());
        return new DashboardSettings(dir, prefix, api,
                range("max.file.kb", c.max_file_kb(), 1, 65536) * 1024,
                range("max.tags", c.max_tags(), 1, 10_000),
                range("max.pages", c.max_pages(), 1, 100_000),
                range("max.points", c.max_points(), 2, 1_000_000),
                range("stale.periods", c.stale_periods(), 1, 1000),
                range("live.clients", c.live_clients(), 0, 100_000),
                range("live.queue", c.live_queue(), 1, 1_000_000),
                range("live.queue.kb", c.live_queue_kb(), 64, 1_048_576) * 1024,
                range("live.fields", c.live_fields(), 1, 100_000),
                range("live.heartbeat.s", c.live_heartbeat_s(), 1, 3600),
                range("live.stuck.s", c.live_stuck_s(), 1, 86_400));
    }

    private static String prefix(String key, String value) {
        String v = value == null ? "" : value.strip();
        if (v.endsWith("/")) {
            v = v.substring(0, v.length() - 1);
        }
        if (!PREFIX.matcher(v).matches()) {
            throw new IllegalArgumentException(key + " must be empty or a path such as /snoop, not '" + value + "'");
        }
        return v;
    }

    private static int range(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be from " + min + " to " + max + ", not " + value);
        }
        return value;
    }
}

package org.snoplus.snoop.web.dashboard.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.file.Path;
import java.util.Map;

import org.junit.Test;
import org.snoplus.snoop.testing.Configs;

public class DashboardSettingsTest {

    private static DashboardSettings of(Map<String, Object> values, String root) {
        Object[] kv = values.entrySet().stream().flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue()))
                .toArray();
        return DashboardSettings.from(Configs.of(DashboardConfig.class, kv), k -> k.equals("snoop.root") ? root : null);
    }

    @Test
    public void defaultsPutThePagesBesideTheConfiguration() {
        DashboardSettings s = of(Map.of(), "/opt/snoop");
        assertEquals(Path.of("/opt/snoop/dashboards"), s.dir());
        assertEquals("", s.prefix());
        assertEquals(256 * 1024, s.maxFileBytes());
        assertEquals(100, s.maxTags());
        assertEquals(64, s.liveClients());
        assertEquals(4096 * 1024, s.liveQueueBytes());
        assertEquals(Path.of("/srv/pages"), of(Map.of("dir", "/srv/pages"), "/opt/snoop").dir());
        assertEquals("/snoop", of(Map.of("path.prefix", "/snoop/"), null).prefix());
    }

    @Test
    public void badValuesAreRefusedWithTheirKey() {
        refused(Map.of("path.prefix", "snoop"), "path.prefix must be empty or a path such as /snoop");
        refused(Map.of("api.prefix", "/a b"), "api.prefix must be empty or a path");
        refused(Map.of("max.tags", 0), "max.tags must be from 1 to 10000, not 0");
        refused(Map.of("max.file.kb", -1), "max.file.kb must be from 1");
        refused(Map.of("live.queue.kb", 1), "live.queue.kb must be from 64");
        refused(Map.of("live.clients", -5), "live.clients must be from 0");
    }

    private static void refused(Map<String, Object> values, String message) {
        try {
            of(values, "/r");
            fail(values.toString());
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith(message));
        }
    }
}

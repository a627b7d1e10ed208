package org.snoplus.snoop.web.api.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.snoplus.snoop.testing.Configs.assertRejected;

import java.util.List;

import org.junit.Test;
import org.snoplus.snoop.testing.Configs;

public class ApiSettingsTest {

    private static ApiSettings settings(Object... keyValues) {
        return ApiSettings.from(Configs.of(WebApiConfig.class, keyValues));
    }

    @Test
    public void defaultsServeAtTheRootWithoutCors() {
        assertEquals(ApiSettings.DEFAULTS, settings());
        assertEquals(new ApiSettings("", 5000, List.of()), settings());
    }

    @Test
    public void aPrefixIsAPathWithoutATrailingSlash() {
        assertEquals("/snoop", settings("path.prefix", "/snoop").prefix());
        assertEquals("/snoop", settings("path.prefix", " /snoop/ ").prefix());
        assertEquals("/a/b-c/d_e.f", settings("path.prefix", "/a/b-c/d_e.f").prefix());
        assertEquals("", settings("path.prefix", "/").prefix());
        for (String bad : new String[] {"snoop", "/a b", "/a//b", "/../x", "/./x", "/a/*", "/a?b", "//"}) {
            assertRejected("bad configuration: path.prefix must be empty or a path like /snoop",
                    () -> settings("path.prefix", bad));
        }
    }

    @Test
    public void maxPointsIsBounded() {
        assertEquals(1, settings("max.points", 1).maxPoints());
        assertEquals(1_000_000, settings("max.points", 1_000_000).maxPoints());
        assertRejected("bad configuration: max.points must be between 1 and 1000000, not 0",
                () -> settings("max.points", 0));
        assertRejected("bad configuration: max.points must be between 1 and 1000000, not 1000001",
                () -> settings("max.points", 1_000_001));
    }

    @Test
    public void corsOriginsAreOriginsOrAStar() {
        ApiSettings s = settings("cors.origins", new String[] {"https://Dash.SNOplus.ca", " http://localhost:3000 ", "",
            "http://[::1]:8080"});
        assertEquals(List.of("https://dash.snoplus.ca", "http://localhost:3000", "http://[::1]:8080"), s.corsOrigins());
        assertEquals("https://DASH.snoplus.ca", s.allowOrigin("https://DASH.snoplus.ca"));
        assertNull(s.allowOrigin("https://dash.snoplus.ca:8443"));
        assertNull(s.allowOrigin(null));
        assertEquals("*", settings("cors.origins", new String[] {"*"}).allowOrigin("https://x.org"));
        for (String bad : new String[] {"dash.snoplus.ca", "https://dash.snoplus.ca/", "https://dash.snoplus.ca/x",
            "ftp://dash.snoplus.ca", "https://", "null"}) {
            assertRejected("bad configuration: cors.origins must hold * or origins like https://host",
                    () -> settings("cors.origins", new String[] {bad}));
        }
    }
}

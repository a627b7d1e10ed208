package org.snoplus.snoop.web.api.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.snoplus.snoop.testing.Configs.assertRejected;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;

import jakarta.servlet.Servlet;

import org.junit.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.snoplus.snoop.testing.Configs;

/** The component: the servlet's whiteboard registration follows the configuration. */
public class WebApiTest {

    private final List<Dictionary<String, ?>> registered = new ArrayList<>();
    private final List<String> calls = new ArrayList<>();

    @SuppressWarnings("unchecked")
    private BundleContext context() {
        ServiceRegistration<Servlet> registration = (ServiceRegistration<Servlet>) Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] {ServiceRegistration.class}, (self, m, args) -> {
                    calls.add(m.getName());
                    if (m.getName().equals("setProperties")) {
                        registered.add((Dictionary<String, ?>) args[0]);
                    }
                    return null;
                });
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class},
                (self, m, args) -> {
                    if (m.getName().equals("registerService") && args[0] == Servlet.class) {
                        assertTrue(args[1] instanceof ApiServlet);
                        calls.add("registerService");
                        registered.add((Dictionary<String, ?>) args[2]);
                        return registration;
                    }
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    private String[] patterns(int i) {
        return (String[]) registered.get(i).get("osgi.http.whiteboard.servlet.pattern");
    }

    @Test
    public void theServletIsRegisteredUnderThePrefixAndMovesWithIt() {
        WebApi web = new WebApi();
        web.activate(context(), Configs.of(WebApiConfig.class));
        assertArrayEquals(new String[] {"/api/*", "/proc/*"}, patterns(0));
        assertEquals("snoop.web.api", registered.get(0).get("osgi.http.whiteboard.servlet.name"));

        web.modified(Configs.of(WebApiConfig.class, "path.prefix", "/snoop"));
        assertArrayEquals(new String[] {"/snoop/api/*", "/snoop/proc/*"}, patterns(1));

        web.modified(Configs.of(WebApiConfig.class, "path.prefix", "/snoop", "max.points", 10));
        assertEquals("the same prefix: the registration is left alone", 2, registered.size());

        web.modified(Configs.of(WebApiConfig.class, "path.prefix", "no slash"));
        assertEquals("a bad configuration is refused, the last good one kept", 2, registered.size());

        web.deactivate();
        assertEquals(List.of("registerService", "setProperties", "unregister"), calls);
    }

    @Test
    public void aBadConfigurationFailsActivationNamingTheKey() {
        assertRejected("bad configuration: max.points must be between 1 and 1000000, not -5",
                () -> new WebApi().activate(context(), Configs.of(WebApiConfig.class, "max.points", -5)));
        assertEquals(List.of(), calls);
    }
}

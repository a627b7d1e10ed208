package org.snoplus.snoop.web.api.internal;

import java.time.Clock;
import java.util.Dictionary;
import java.util.Hashtable;

import jakarta.servlet.Servlet;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.servlet.whiteboard.HttpWhiteboardConstants;
import org.osgi.service.servlet.whiteboard.annotations.RequireHttpWhiteboard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snoplus.snoop.admin.SnoopAdmin;
import org.snoplus.snoop.query.QueryService;

/**
 * Serves the {@link Api} through the OSGi servlet whiteboard (jakarta, Servlet Whiteboard 2.0)
 * at {@code PREFIX/api/*} and {@code PREFIX/proc/*}.
 *
 * <p>The servlet is registered by hand rather than by DS because its patterns follow
 * {@code path.prefix}: a new prefix changes the registration's properties and the whiteboard
 * moves the servlet, without a restart. The query service and the platform are optional and
 * dynamic: without a store the API answers 503, without the platform it lists processors without
 * their state; either may come, go or be replaced while it serves.
 */
@Component(name = WebApi.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true, service = {})
@Designate(ocd = WebApiConfig.class)
@RequireHttpWhiteboard
public class WebApi {

    static final String PID = "snoop.web.api";

    private static final Logger LOG = LoggerFactory.getLogger(WebApi.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile QueryService query;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile SnoopAdmin admin;

    private Api api;
    private ServiceRegistration<Servlet> registration;

    @Activate
    void activate(BundleContext context, WebApiConfig config) {
        ApiSettings settings;
        try {
            settings = ApiSettings.from(config);
        } catch (IllegalArgumentException e) {
            LOG.error("{}: {}", PID, e.getMessage());
            throw e;
        }
        api = new Api(() -> query, () -> admin, Clock.systemUTC(), settings);
        registration = context.registerService(Servlet.class, new ApiServlet(api), properties(settings));
        LOG.info("{}: REST API at {}/api/v1/ and {}/proc/ (described at {}/api/openapi.json)", PID, settings.prefix(),
                settings.prefix(), settings.prefix());
    }

    @Modified
    void modified(WebApiConfig config) {
        ApiSettings settings;
        try {
            settings = ApiSettings.from(config);
        } catch (IllegalArgumentException e) {
            // keep serving with the last good configuration
            LOG.error("{}: {}; keeping the previous configuration", PID, e.getMessage());
            return;
        }
        String before = api.settings().prefix();
        api.configure(settings);
        if (!before.equals(settings.prefix())) {
            registration.setProperties(properties(settings));
            LOG.info("{}: REST API moved to {}/api/v1/ and {}/proc/", PID, settings.prefix(), settings.prefix());
        }
    }

    @Deactivate
    void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // unregistered with the bundle already
        }
    }

    /** The whiteboard properties of the servlet for these settings. */
    static Dictionary<String, Object> properties(ApiSettings settings) {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME, PID);
        p.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN,
                new String[] {settings.prefix() + "/api/*", settings.prefix() + "/proc/*"});
        return p;
    }
}

package org.snoplus.snoop.web.dashboard.internal;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

import jakarta.servlet.Servlet;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
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
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snoplus.snoop.admin.SnoopAdmin;
import org.snoplus.snoop.query.QueryService;

/**
 * The dashboard: serves the pages of the dashboards directory through the OSGi servlet whiteboard,
 * on the REST API's port (see {@link DashboardServlet} for the paths).
 *
 * <p>The servlet is registered by hand because its pattern follows {@code path.prefix}; a new
 * configuration takes effect for the next request without a restart, and a bad one is refused
 * (logged with its key) while the dashboard keeps the last good one.
 *
 * <p><b>Extension point.</b> Any service with the property {@value #SCRIPT} (a path such as
 * {@code /api/v1/alarms/page.js}) has that script loaded by every page, after the dashboard's own;
 * {@value #STYLE} does the same for a style sheet. That is how the alarms fill the banner
 * ({@code #snoop-alarm-banner}) and the {@code {{ alarms }}} slots ({@code [data-snoop-alarms]}) —
 * see {@code dashboards/README.md}, "For developers".
 */
@Component(name = Dashboard.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true, service = {})
@Designate(ocd = DashboardConfig.class)
@RequireHttpWhiteboard
public class Dashboard {

    static final String PID = "snoop.web.dashboard";
    /** Service property: the path of a script every page loads. */
    public static final String SCRIPT = "snoop.dashboard.script";
    /** Service property: the path of a style sheet every page loads. */
    public static final String STYLE = "snoop.dashboard.style";

    private static final Logger LOG = LoggerFactory.getLogger(Dashboard.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile QueryService query;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile SnoopAdmin admin;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile LiveFeed live;

    /** service id → (script or null, style or null) of the extensions, in registration order. */
    private final Map<Long, String[]> extensions = new ConcurrentSkipListMap<>();

    private Site site;
    private ServiceRegistration<Servlet> registration;
    private Thread warmUp;

    /**
     * Follows the extensions whatever their service interface (the alarms' is their servlet): a DS
     * reference could only match one interface, so a tracker over the filter does it.
     */
    private ServiceTracker<Object, ServiceReference<Object>> tracker;

    private void putExtension(ServiceReference<?> ref) {
        Object script = ref.getProperty(SCRIPT);
        Object style = ref.getProperty(STYLE);
        extensions.put((Long) ref.getProperty(Constants.SERVICE_ID), new String[] {
            script instanceof String s ? s : null, style instanceof String s ? s : null});
    }

    private void track(BundleContext context) {
        Filter filter;
        try {
            filter = context.createFilter("(|(" + SCRIPT + "=*)(" + STYLE + "=*))");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        tracker = new ServiceTracker<>(context, filter, new ServiceTrackerCustomizer<>() {
            @Override
            public ServiceReference<Object> addingService(ServiceReference<Object> ref) {
                putExtension(ref);
                return ref;
            }

            @Override
            public void modifiedService(ServiceReference<Object> ref, ServiceReference<Object> tracked) {
                putExtension(ref);
            }

            @Override
            public void removedService(ServiceReference<Object> ref, ServiceReference<Object> tracked) {
                extensions.remove((Long) ref.getProperty(Constants.SERVICE_ID));
            }
        });
        // every service, whichever class loader its interface comes from: only properties are read
        tracker.open(true);
    }

    @Activate
    void activate(BundleContext context, DashboardConfig config) {
        DashboardSettings settings;
        try {
            settings = DashboardSettings.from(config, context::getProperty);
        } catch (IllegalArgumentException e) {
            LOG.error("{}: {}", PID, e.getMessage());
            throw e;
        }
        site = new Site(settings, () -> query, () -> admin, new Site.Extensions() {
            @Override
            public List<String> scripts() {
                return pick(0);
            }

            @Override
            public List<String> styles() {
                return pick(1);
            }
        });
        DashboardServlet servlet = new DashboardServlet(site, new Assets(), () -> {
            LiveFeed f = live;
            return f == null ? null : f.hub();
        }, () -> admin);
        registration = context.registerService(Servlet.class, servlet, properties(settings));
        track(context);
        if (config.warm_up()) {
            warmUp(site.pages());
        }
        LOG.info("{}: pages of {} at {}/ (live stream at {}/-/live)", PID, settings.dir(), settings.prefix(),
                settings.prefix());
    }

    /** {@link Prewarm} on a thread of its own, once the query service is there (it waits a minute at most). */
    private void warmUp(Pages pages) {
        warmUp = new Thread(() -> {
            try {
                long giveUp = System.currentTimeMillis() + 60_000;
                while (query == null && System.currentTimeMillis() < giveUp) {
                    Thread.sleep(200);
                }
                QueryService q = query;
                if (q != null) {
                    Prewarm.run(Prewarm.withOthers(Prewarm.questions(pages), q), q, System.currentTimeMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.warn("dashboard warm-up failed: {}", e.toString());
            }
        }, "snoop-dashboard-warm-up");
        warmUp.setDaemon(true);
        warmUp.setPriority(Thread.MIN_PRIORITY);
        warmUp.start();
    }

    private List<String> pick(int i) {
        List<String> out = new ArrayList<>();
        for (String[] e : extensions.values()) {
            if (e[i] != null && e[i].startsWith("/") && !e[i].startsWith("//")) {
                out.add(e[i]);
            }
        }
        return out;
    }

    @Modified
    void modified(BundleContext context, DashboardConfig config) {
        DashboardSettings settings;
        try {
            settings = DashboardSettings.from(config, context::getProperty);
        } catch (IllegalArgumentException e) {
            LOG.error("{}: {}; keeping the previous configuration", PID, e.getMessage());
            return;
        }
        String before = site.settings().prefix();
        site.configure(settings);
        if (!before.equals(settings.prefix())) {
            registration.setProperties(properties(settings));
        }
        LOG.info("{}: pages of {} at {}/", PID, settings.dir(), settings.prefix());
    }

    @Deactivate
    void deactivate() {
        if (warmUp != null) {
            warmUp.interrupt();
        }
        if (tracker != null) {
            tracker.close();
        }
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // unregistered with the bundle already
        }
    }

    /** The whiteboard properties of the servlet for these settings. */
    static Dictionary<String, Object> properties(DashboardSettings settings) {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME, PID);
        p.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, settings.prefix() + "/*");
        // the live stream holds its requests open without holding a thread
        p.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_ASYNC_SUPPORTED, Boolean.TRUE);
        return p;
    }
}

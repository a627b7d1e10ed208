package org.snoplus.snoop.alarm.web.internal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
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
import org.snoplus.snoop.alarm.AlarmService;
import org.snoplus.snoop.alarm.ReferenceService;

/**
 * Serves {@link AlarmApi} through the servlet whiteboard at {@code PREFIX/api/v1/alarms} and
 * {@code PREFIX/api/v1/references} (more specific than the REST API's {@code /api/*}), and offers
 * the dashboard its script and style ({@code snoop.dashboard.script}, {@code snoop.dashboard.style}
 * on the servlet's registration): the banner and the alarm list of every page.
 *
 * <p>The token's file is named in the configuration; the token itself is read by {@link Token}
 * and kept only as a digest in this component's memory, never as a property.
 */
@Component(name = WebAlarms.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true, service = {})
@Designate(ocd = WebAlarmsConfig.class)
@RequireHttpWhiteboard
public class WebAlarms {

    static final String PID = "snoop.web.alarms";
    private static final Logger LOG = LoggerFactory.getLogger(WebAlarms.class);

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile AlarmService alarms;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile ReferenceService references;

    private AlarmApi api;
    private String prefix;
    private ServiceRegistration<Servlet> registration;

    @Activate
    void activate(BundleContext context, WebAlarmsConfig config) {
        String p = prefix(config);
        Token token = token(context, config);
        api = new AlarmApi(() -> alarms, () -> references, Clock.systemUTC(), token, p);
        prefix = p;
        registration = context.registerService(Servlet.class, new AlarmServlet(api), properties(p));
        String problem = token.problem();
        LOG.info("{}: alarms at {}/api/v1/alarms; acknowledging and silencing {}", PID, p,
                problem == null ? "with the token of " + token.file() : "off: " + problem);
    }

    @Modified
    void modified(BundleContext context, WebAlarmsConfig config) {
        String p;
        Token token;
        try {
            p = prefix(config);
            token = token(context, config);
        } catch (IllegalArgumentException e) {
            LOG.error("{}: {}; keeping the previous configuration", PID, e.getMessage());
            return;
        }
        api.configure(token, p);
        if (!p.equals(prefix)) {
            prefix = p;
            registration.setProperties(properties(p));
        }
    }

    @Deactivate
    void deactivate() {
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // gone with the bundle already
        }
    }

    private static String prefix(WebAlarmsConfig c) {
        String p = c.path_prefix() == null ? "" : c.path_prefix().strip();
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        if (!p.isEmpty() && !p.matches("(/[A-Za-z0-9._~-]+)+")) {
            throw new IllegalArgumentException("path.prefix: '" + p + "' is not a path such as /snoop");
        }
        return p;
    }

    private static Token token(BundleContext context, WebAlarmsConfig c) {
        String f = c.token_file() == null ? "" : c.token_file().strip();
        if (f.isEmpty()) {
            String conf = context.getProperty("snoop.conf");
            return new Token(conf == null ? null : Path.of(conf, "alarms.token").toAbsolutePath().normalize());
        }
        try {
            return new Token(Path.of(f).toAbsolutePath().normalize());
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("token.file: '" + f + "' is not a path");
        }
    }

    static Dictionary<String, Object> properties(String prefix) {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME, PID);
        p.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_PATTERN, new String[] {prefix + "/api/v1/alarms",
            prefix + "/api/v1/alarms/*", prefix + "/api/v1/references", prefix + "/api/v1/references/*"});
        p.put("snoop.dashboard.script", prefix + "/api/v1/alarms/page.js");
        p.put("snoop.dashboard.style", prefix + "/api/v1/alarms/page.css");
        return p;
    }
}

package org.snoplus.snoop.shell.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleListener;
import org.osgi.framework.Constants;
import org.osgi.framework.Filter;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the bundles installed from the deploy directory and says what is wrong with those that
 * do not work: a missing package (the jar does not resolve), a component that failed to activate
 * or waits for something. Logged once per problem, and listed by {@code snoop:deployed}.
 */
@Component(service = DeployMonitor.class, immediate = true, property = {
        "osgi.command.scope=snoop",
        "osgi.command.function=deployed"})
public class DeployMonitor implements BundleListener {

    private static final Logger LOG = LoggerFactory.getLogger(DeployMonitor.class);

    @Reference
    private ServiceComponentRuntime scr;

    private BundleContext context;
    private Path deployDir;
    private final Map<Long, String> reported = new ConcurrentHashMap<>();
    private ScheduledExecutorService checks;

    @Activate
    void activate(BundleContext ctx) {
        context = ctx;
        String deploy = ctx.getProperty("snoop.deploy");
        deployDir = deploy == null ? null : Path.of(deploy).toAbsolutePath().normalize();
        checks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "snoop-deploy-monitor");
            t.setDaemon(true);
            return t;
        });
        ctx.addBundleListener(this);
        checks.schedule(this::check, 1, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(this);
        checks.shutdownNow();
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        if (deployed(event.getBundle())) {
            // FileInstall starts a bundle after installing it; look once things have settled
            checks.schedule(this::check, 1, TimeUnit.SECONDS);
        }
    }

    private void check() {
        try {
            for (Bundle b : context.getBundles()) {
                if (!deployed(b)) {
                    continue;
                }
                String problem = problem(b);
                String before = problem == null ? reported.remove(b.getBundleId()) : reported.put(b.getBundleId(), problem);
                if (problem != null && !problem.equals(before)) {
                    LOG.error("deployed bundle {} {} ({}) does not work: {}", b.getSymbolicName(), b.getVersion(),
                            b.getLocation(), problem);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("checking deployed bundles failed: {}", e.toString());
        }
    }

    @Descriptor("list the bundles installed from the deploy directory, with what is wrong with them")
    public String deployed() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "BUNDLE", "VERSION", "STATE", "PROBLEM"});
        for (Bundle b : context.getBundles()) {
            if (deployed(b)) {
                String p = problem(b);
                rows.add(new String[] {Long.toString(b.getBundleId()), b.getSymbolicName(), b.getVersion().toString(),
                    state(b), p == null ? "" : p});
            }
        }
        return Table.format(rows);
    }

    private boolean deployed(Bundle b) {
        String loc = b.getLocation();
        if (deployDir == null || loc == null || !loc.startsWith("file:")) {
            return false;
        }
        try {
            return Path.of(java.net.URI.create(loc)).startsWith(deployDir);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** What keeps the bundle from working, or null. */
    String problem(Bundle b) {
        if (b.getState() == Bundle.INSTALLED) {
            List<String> missing = missingRequirements(b);
            return missing.isEmpty() ? "not resolved" : "not resolved: missing " + String.join(", ", missing);
        }
        if (b.getState() != Bundle.ACTIVE || b.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
            return null;
        }
        List<String> problems = new ArrayList<>();
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(b)) {
            if (!scr.isComponentEnabled(d)) {
                continue;
            }
            for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                switch (c.state) {
                    case ComponentConfigurationDTO.FAILED_ACTIVATION -> problems.add("component " + d.name
                            + " failed to activate: " + firstLine(c.failure));
                    case ComponentConfigurationDTO.UNSATISFIED_REFERENCE -> {
                        List<String> refs = new ArrayList<>();
                        for (UnsatisfiedReferenceDTO r : c.unsatisfiedReferences) {
                            refs.add(r.name + " (" + r.target + ")");
                        }
                        problems.add("component " + d.name + " waits for " + String.join(", ", refs));
                    }
                    case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION -> problems.add("component " + d.name
                            + " waits for its configuration");
                    default -> {
                    }
                }
            }
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    /** The bundle's mandatory requirements that nothing installed provides. */
    private List<String> missingRequirements(Bundle b) {
        List<String> missing = new ArrayList<>();
        BundleRevision rev = b.adapt(BundleRevision.class);
        if (rev == null) {
            return missing;
        }
        for (BundleRequirement req : rev.getDeclaredRequirements(null)) {
            String ns = req.getNamespace();
            if ("optional".equals(req.getDirectives().get("resolution")) || ns.equals("osgi.ee")
                    || ns.equals("osgi.service") || ns.equals("osgi.extender")) {
                continue;
            }
            if (!provided(req)) {
                missing.add(ns.equals("osgi.wiring.package") ? "package " + describe(req) : ns + " " + describe(req));
            }
        }
        return missing;
    }

    private boolean provided(BundleRequirement req) {
        String f = req.getDirectives().get("filter");
        Filter filter;
        try {
            filter = f == null ? null : FrameworkUtil.createFilter(f);
        } catch (InvalidSyntaxException e) {
            return false;
        }
        for (Bundle other : context.getBundles()) {
            BundleWiring w = other.adapt(BundleWiring.class);
            if (w == null) {
                continue;
            }
            for (BundleCapability cap : w.getCapabilities(req.getNamespace())) {
                if (filter == null || filter.matches(cap.getAttributes())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String describe(BundleRequirement req) {
        String f = req.getDirectives().getOrDefault("filter", "");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\(" + java.util.regex.Pattern.quote(
                req.getNamespace()) + "=([^)]*)\\)").matcher(f);
        return m.find() ? m.group(1) + " " + f.replace("(" + req.getNamespace() + "=" + m.group(1) + ")", "")
                .replaceAll("^\\(&|\\)$", "").trim() : f;
    }

    private static String state(Bundle b) {
        return switch (b.getState()) {
            case Bundle.INSTALLED -> "INSTALLED";
            case Bundle.RESOLVED -> "RESOLVED";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "UNINSTALLED";
        };
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "(no reason given)";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}

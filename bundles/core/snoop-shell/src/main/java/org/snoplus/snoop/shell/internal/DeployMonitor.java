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
 * Watches the deploy directory and the bundles installed from it, and says what is wrong with
 * those that do not work: a file that is no bundle at all (unreadable, empty, not a zip, truncated,
 * corrupt, not an OSGi bundle: {@link JarCheck}), a bundle that does not resolve (a missing
 * package), a component that failed to activate or waits for something, a bundle with no processor
 * inside. Logged once per problem, and listed by {@code snoop:deployed}.
 *
 * <p>The directory is looked at every {@value #SCAN_SECONDS} s (at most {@value #MAX_FILES} jars);
 * a file is judged once it has stayed the same size and age for one look, so that a copy in
 * progress is not reported, and read again only when it changes.
 */
@Component(service = DeployMonitor.class, immediate = true, property = {
        "osgi.command.scope=snoop",
        "osgi.command.function=deployed"})
public class DeployMonitor implements BundleListener {

    private static final Logger LOG = LoggerFactory.getLogger(DeployMonitor.class);

    @Reference
    private ServiceComponentRuntime scr;

    private BundleContext context;
    /** The deploy directories (the framework property snoop.deploy, comma-separated). */
    private List<Path> deployDirs = List.of();
    static final int SCAN_SECONDS = 2;
    static final int MAX_FILES = 1000;
    private static final String PROCESSOR = "org.snoplus.snoop.processor.Processor";
    private static final String POLLER = "org.snoplus.snoop.processor.Poller";

    /** What was last logged, per bundle id ("#ID") or file path. */
    private final Map<String, String> reported = new ConcurrentHashMap<>();
    /** Files of the deploy directory that are not installed bundles: what was found, by path. Scan thread only. */
    private final Map<Path, FileState> files = new ConcurrentHashMap<>();

    /** A deploy file as last seen: its size and time, whether it had stayed so, and what is wrong with it. */
    private record FileState(long size, long modified, boolean stable, String problem) {
    }
    private ScheduledExecutorService checks;

    @Activate
    void activate(BundleContext ctx) {
        context = ctx;
        String deploy = ctx.getProperty("snoop.deploy");
        deployDirs = deploy == null ? List.of() : java.util.Arrays.stream(deploy.split(",")).map(String::strip)
                .filter(d -> !d.isEmpty()).map(d -> Path.of(d).toAbsolutePath().normalize()).toList();
        checks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "snoop-deploy-monitor");
            t.setDaemon(true);
            return t;
        });
        ctx.addBundleListener(this);
        checks.scheduleWithFixedDelay(this::check, 1, SCAN_SECONDS, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(this);
        checks.shutdownNow();
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        if (deployedPath(event.getBundle()) != null) {
            // FileInstall starts a bundle after installing it; look once things have settled
            checks.schedule(this::check, 1, TimeUnit.SECONDS);
        }
    }

    private void check() {
        try {
            Map<Path, Bundle> installed = new java.util.HashMap<>();
            for (Bundle b : context.getBundles()) {
                Path p = deployedPath(b);
                if (p == null) {
                    continue;
                }
                installed.put(p, b);
                String problem = problem(b);
                report("#" + b.getBundleId(), problem, () -> "deployed bundle " + b.getSymbolicName() + " "
                        + b.getVersion() + " (" + b.getLocation() + ") does not work: " + problem);
            }
            scan(installed);
        } catch (RuntimeException e) {
            LOG.warn("checking deployed bundles failed: {}", e.toString());
        }
    }

    /** Looks at the jars of the deploy directory that are not installed bundles. */
    private void scan(Map<Path, Bundle> installed) {
        java.util.Set<Path> seen = new java.util.HashSet<>();
        for (Path deployDir : deployDirs) {
            scan(deployDir, installed, seen);
        }
        files.keySet().retainAll(seen);
        reported.keySet().removeIf(k -> k.startsWith("/") && !seen.contains(Path.of(k)));
    }

    private void scan(Path deployDir, Map<Path, Bundle> installed, java.util.Set<Path> seen) {
        int n = 0;
        try (java.nio.file.DirectoryStream<Path> dir = java.nio.file.Files.newDirectoryStream(deployDir, "*.jar")) {
            for (Path f : dir) {
                if (++n > MAX_FILES) {
                    report("dir " + deployDir, "too many", () -> "the deploy directory " + deployDir + " holds more than "
                            + MAX_FILES + " jars: only the first " + MAX_FILES + " are checked");
                    break;
                }
                Path p = f.toAbsolutePath().normalize();
                seen.add(p);
                if (installed.containsKey(p)) {
                    files.remove(p);
                    reported.remove(p.toString());
                    continue;
                }
                judge(p);
            }
        } catch (java.io.IOException | java.nio.file.DirectoryIteratorException e) {
            report("dir " + deployDir, "unreadable", () -> "the deploy directory " + deployDir + " cannot be read: "
                    + e);
        }
    }

    private void judge(Path p) {
        long size;
        long modified;
        try {
            java.nio.file.attribute.BasicFileAttributes a = java.nio.file.Files.readAttributes(p,
                    java.nio.file.attribute.BasicFileAttributes.class);
            size = a.size();
            modified = a.lastModifiedTime().toMillis();
        } catch (java.io.IOException e) {
            size = -1; // a link to nothing, a file gone: JarCheck says which
            modified = -1;
        }
        FileState before = files.get(p);
        if (before == null || before.size() != size || before.modified() != modified) {
            files.put(p, new FileState(size, modified, false, null)); // judged at the next look, if unchanged
            return;
        }
        if (before.stable()) {
            return;
        }
        String found = JarCheck.problem(p);
        String problem = found != null ? found
                : "a bundle, but not installed (FileInstall could not install it: another jar with the same "
                        + "Bundle-SymbolicName and version? see the log)";
        files.put(p, new FileState(size, modified, true, problem));
        report(p.toString(), problem, () -> "deploy: " + p.getFileName() + " in " + p.getParent() + " is not used: "
                + problem);
    }

    /** Logs {@code message} when {@code key}'s problem is new or changed; forgets it when there is none. */
    private void report(String key, String problem, java.util.function.Supplier<String> message) {
        String before = problem == null ? reported.remove(key) : reported.put(key, problem);
        if (problem != null && !problem.equals(before)) {
            LOG.error("{}", message.get());
        }
    }

    @Descriptor("list the jars of the deploy directory: the bundles installed from it, with what is wrong with them, "
            + "and the files that are no bundle (unreadable, truncated, corrupt, not a bundle)")
    public String deployed() {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "FILE", "BUNDLE", "VERSION", "STATE", "PROBLEM"});
        for (Bundle b : context.getBundles()) {
            Path p = deployedPath(b);
            if (p != null) {
                String problem = problem(b);
                rows.add(new String[] {Long.toString(b.getBundleId()), p.getFileName().toString(), b.getSymbolicName(),
                    b.getVersion().toString(), state(b), problem == null ? "" : problem});
            }
        }
        List<Map.Entry<Path, FileState>> bad = new ArrayList<>(files.entrySet());
        bad.sort(Map.Entry.comparingByKey());
        for (Map.Entry<Path, FileState> e : bad) {
            if (e.getValue().problem() != null) {
                rows.add(new String[] {"-", e.getKey().getFileName().toString(), "-", "-", "NOT INSTALLED",
                    e.getValue().problem()});
            }
        }
        return Table.format(rows);
    }

    private Path deployedPath(Bundle b) {
        String loc = b.getLocation();
        if (deployDirs.isEmpty() || loc == null || !loc.startsWith("file:")) {
            return null;
        }
        try {
            Path p = Path.of(java.net.URI.create(loc)).toAbsolutePath().normalize();
            return deployDirs.stream().anyMatch(p::startsWith) ? p : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** What keeps the bundle from working, or null. */
    String problem(Bundle b) {
        if (b.getSymbolicName() == null) {
            return JarCheck.NO_SYMBOLIC_NAME; // Felix installs such a jar as a legacy bundle; nothing can use it
        }
        if (b.getState() == Bundle.INSTALLED) {
            List<String> missing = missingRequirements(b);
            return missing.isEmpty() ? "not resolved" : "not resolved: missing " + String.join(", ", missing);
        }
        if (b.getState() != Bundle.ACTIVE || b.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
            return null;
        }
        List<String> problems = new ArrayList<>();
        boolean processor = false;
        for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(b)) {
            if (d.serviceInterfaces != null && (List.of(d.serviceInterfaces).contains(PROCESSOR)
                    || List.of(d.serviceInterfaces).contains(POLLER))) {
                processor = true;
            }
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
        org.osgi.framework.ServiceReference<?>[] registered = b.getRegisteredServices();
        for (int i = 0; registered != null && i < registered.length && !processor; i++) {
            processor = List.of((String[]) registered[i].getProperty(Constants.OBJECTCLASS)).contains(PROCESSOR);
        }
        if (!processor) {
            problems.add("no processor inside: none of its components provides " + PROCESSOR);
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

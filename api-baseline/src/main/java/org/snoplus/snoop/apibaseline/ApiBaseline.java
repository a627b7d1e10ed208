package org.snoplus.snoop.apibaseline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import aQute.bnd.differ.Baseline;
import aQute.bnd.differ.DiffPluginImpl;
import aQute.bnd.header.OSGiHeader;
import aQute.bnd.header.Parameters;
import aQute.bnd.osgi.Instructions;
import aQute.bnd.osgi.Jar;
import aQute.bnd.osgi.Processor;
import aQute.bnd.service.diff.Tree;

/**
 * bnd baselining without a released artifact: every bundle of the instance that exports packages
 * is compared, with bnd's own differ and baseliner (what {@code bnd-baseline-maven-plugin} runs),
 * against its API as last released, which is recorded as text in {@code baselines/BSN.api}: the
 * bnd API tree of the exported packages (one element a line: name, kind, and what adding or
 * removing it costs) and the {@code Export-Package} header. A package whose API changed more than
 * its version says (a method removed or added to a consumer type without a major bump, an addition
 * without a minor bump) fails the build, naming the package, the change and the version to use.
 *
 * <p>The files are written by {@code -Dapi.baseline.record=true} (see docs/DEVELOPING.md): that
 * is the release of the API, reviewed like any other change. A bundle that exports packages and
 * has no baseline fails too, so a new API bundle cannot go unchecked.
 *
 * <pre>ApiBaseline BUNDLES_DIR BASELINES_DIR RECORD(true|false) [PLUGINS_DIR...]</pre>
 *
 * The plug-in directories (bundles the runtime builds but does not start, such as the ROOT reader's library) are
 * checked like the bundles; a missing one is skipped.
 */
public final class ApiBaseline {

    private static final String PREFIX = "org.snoplus.snoop.";

    private ApiBaseline() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: ApiBaseline BUNDLES_DIR BASELINES_DIR RECORD [PLUGINS_DIR...]");
        }
        Path bundles = Path.of(args[0]);
        Path baselines = Path.of(args[1]);
        boolean record = Boolean.parseBoolean(args[2]);
        if (!Files.isDirectory(bundles)) {
            throw new IllegalStateException("API baseline: no bundles at " + bundles + " (the runtime must be packaged)");
        }
        List<String> errors = new ArrayList<>();
        Set<String> checked = new TreeSet<>();
        List<Path> jars = new ArrayList<>();
        try (Stream<Path> s = Files.list(bundles)) {
            jars.addAll(s.filter(p -> p.toString().endsWith(".jar")).sorted().toList());
        }
        for (int i = 3; i < args.length; i++) {
            Path plugins = Path.of(args[i]);
            if (Files.isDirectory(plugins)) {
                try (Stream<Path> s = Files.list(plugins)) {
                    jars.addAll(s.filter(p -> p.toString().endsWith(".jar")).sorted().toList());
                }
            }
        }
        for (Path jar : jars) {
            try (Jar j = new Jar(jar.toFile())) {
                String bsn = j.getBsn();
                String exports = j.getManifest().getMainAttributes().getValue("Export-Package");
                if (bsn == null || !bsn.startsWith(PREFIX) || exports == null || exports.isBlank()) {
                    continue;
                }
                checked.add(bsn);
                Path file = baselines.resolve(bsn + ".api");
                Tree tree = new DiffPluginImpl().tree(j);
                if (record) {
                    Files.createDirectories(baselines);
                    ApiFile.write(file, bsn, exports, tree.get("<api>").serialize());
                    System.out.println("API baseline: recorded " + file.getFileName());
                } else if (!Files.exists(file)) {
                    errors.add(bsn + " exports packages but has no API baseline (" + file.getFileName()
                            + "): record one with -Dapi.baseline.record=true");
                } else {
                    errors.addAll(check(bsn, tree, exports, ApiFile.read(file)));
                }
            }
        }
        if (!record && Files.isDirectory(baselines)) {
            try (Stream<Path> s = Files.list(baselines)) {
                for (Path f : s.filter(p -> p.toString().endsWith(".api")).toList()) {
                    String bsn = f.getFileName().toString().replaceFirst("\\.api$", "");
                    if (!checked.contains(bsn)) {
                        errors.add(bsn + " has an API baseline but is no longer in the instance (or exports "
                                + "nothing): removing an API is a major change; delete " + f.getFileName()
                                + " if that is intended");
                    }
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException("API baseline failed:\n  " + String.join("\n  ", errors));
        }
        if (!record) {
            System.out.println("API baseline: " + checked.size() + " bundles checked (" + String.join(", ", checked)
                    + "): no API change beyond what the package versions say");
        }
    }

    /** The errors of one bundle: every exported package whose version is below what its change needs. */
    static List<String> check(String bsn, Tree newer, String newerExports, ApiFile.Recorded older) throws Exception {
        Tree.Data root = new Tree.Data();
        root.name = newer.getName();
        root.type = newer.getType();
        root.children = new Tree.Data[] {older.api()};
        Tree o = new DiffPluginImpl().deserialize(root);
        Parameters nExports = OSGiHeader.parseHeader(newerExports);
        Parameters oExports = OSGiHeader.parseHeader(older.exports());
        List<String> errors = new ArrayList<>();
        try (Processor reporter = new Processor()) {
            Baseline baseline = new Baseline(reporter, new DiffPluginImpl());
            for (Baseline.Info info : baseline.baseline(newer, nExports, o, oExports, new Instructions("*"))) {
                if (info.mismatch) {
                    errors.add(bsn + ": package " + info.packageName + " has a " + info.packageDiff.getDelta()
                            + " change since the baseline (" + info.olderVersion + ") but its version is "
                            + info.newerVersion + "; it needs " + info.suggestedVersion
                            + (info.suggestedIfProviders != null
                                    ? " (or " + info.suggestedIfProviders + " if " + info.providers
                                            + " are provider types)"
                                    : "")
                            + ". Changes: " + ApiFile.changes(info.packageDiff));
                }
            }
            for (String e : reporter.getErrors()) {
                errors.add(bsn + ": " + e);
            }
        }
        return errors;
    }
}

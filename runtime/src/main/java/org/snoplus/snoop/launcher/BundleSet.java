package org.snoplus.snoop.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bundles of an instance, as the build assembled them: {@code bundles.list} (the runtime pom's
 * dependencies in their declared order, written by the build) and the jars in {@code bundles/}.
 * The launcher installs from it and the pax-exam tests provision from it, so the set is declared
 * once, in {@code runtime/pom.xml}.
 *
 * <p>Start levels: what a bundle's {@value #START_LEVEL_HEADER} header says, else {@value #OURS}
 * for snoop's own bundles and {@value #THEIRS} for everything else.
 */
public final class BundleSet {

    /** The manifest header with which a bundle asks for a start level of its own. */
    public static final String START_LEVEL_HEADER = "Snoop-StartLevel";
    static final int THEIRS = 1;
    static final int OURS = 2;
    private static final String OUR_GROUP = "org.snoplus.snoop";

    // "   group:artifact:jar:version:scope -- module ..." as maven-dependency-plugin's list goal writes it
    private static final Pattern LINE = Pattern.compile("^\\s+([^:\\s]+):([^:\\s]+):jar:([^:\\s]+):\\w+.*$");

    /** One bundle: its Maven coordinates, its jar and its start level. */
    public record Entry(String groupId, String artifactId, Path jar, int startLevel) {
    }

    private BundleSet() {
    }

    /** Reads the set of the assembled runtime in {@code home} (its {@code bundles.list} and {@code bundles/}). */
    public static List<Entry> read(Path home) {
        Path list = home.resolve("bundles.list");
        List<String> lines;
        try {
            lines = Files.readAllLines(list);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + list + " (rebuild with runtime/bin/snoop build)", e);
        }
        List<Entry> out = new ArrayList<>();
        for (String line : lines) {
            Matcher m = LINE.matcher(line);
            if (!m.matches()) {
                continue; // the plugin's heading and blank lines
            }
            String group = m.group(1);
            String artifact = m.group(2);
            Path jar = home.resolve("bundles").resolve(artifact + ".jar");
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(list + " names " + group + ":" + artifact + " but " + jar
                        + " is missing (rebuild with runtime/bin/snoop build)");
            }
            out.add(new Entry(group, artifact, jar, startLevel(jar, OUR_GROUP.equals(group) ? OURS : THEIRS)));
        }
        if (out.isEmpty()) {
            throw new IllegalStateException(list + " lists no bundle (rebuild with runtime/bin/snoop build)");
        }
        return out;
    }

    private static int startLevel(Path jar, int fallback) {
        try (JarFile j = new JarFile(jar.toFile())) {
            String level = j.getManifest() == null ? null : j.getManifest().getMainAttributes().getValue(START_LEVEL_HEADER);
            if (level == null) {
                return fallback;
            }
            try {
                return Integer.parseInt(level.trim());
            } catch (NumberFormatException e) {
                throw new IllegalStateException(jar + ": " + START_LEVEL_HEADER + " must be a number, not '" + level + "'");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundle " + jar, e);
        }
    }
}

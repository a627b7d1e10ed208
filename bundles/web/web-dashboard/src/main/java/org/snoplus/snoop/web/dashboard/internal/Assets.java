package org.snoplus.snoop.web.dashboard.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The files the pages load, read once from the bundle: the page script and style
 * ({@code static/}, beside this class) and uPlot ({@code uplot/}, taken from its webjar at build
 * time). Nothing else is served from the bundle, so no path can reach anything else.
 */
final class Assets {

    /** A file: its bytes, type and entity tag. */
    record Asset(byte[] bytes, String type, String etag) {
    }

    private final Map<String, Asset> files = new LinkedHashMap<>();

    Assets() {
        ClassLoader loader = Assets.class.getClassLoader();
        String base = Assets.class.getPackageName().replace('.', '/') + "/static/";
        add("static/snoop.js", loader, base + "snoop.js", "text/javascript;charset=UTF-8");
        add("static/theme.js", loader, base + "theme.js", "text/javascript;charset=UTF-8");
        add("static/snoop.css", loader, base + "snoop.css", "text/css;charset=UTF-8");
        add("static/favicon.svg", loader, base + "favicon.svg", "image/svg+xml");
        add("uplot/uPlot.iife.min.js", loader, "uplot/uPlot.iife.min.js", "text/javascript;charset=UTF-8");
        add("uplot/uPlot.min.css", loader, "uplot/uPlot.min.css", "text/css;charset=UTF-8");
        add("uplot/LICENSE", loader, "uplot/LICENSE", "text/plain;charset=UTF-8");
    }

    private void add(String name, ClassLoader loader, String resource, String type) {
        try (InputStream in = open(loader, resource)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard bundle lacks " + resource + ": a broken build");
            }
            byte[] bytes = in.readAllBytes();
            files.put(name, new Asset(bytes, type, etag(bytes)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A resource of the bundle; uPlot's, on a plain class path (the unit tests), from the webjar
     * itself.
     */
    private static InputStream open(ClassLoader loader, String resource) throws IOException {
        InputStream in = loader.getResourceAsStream(resource);
        if (in != null || !resource.startsWith("uplot/")) {
            return in;
        }
        Properties webjar = new Properties();
        try (InputStream p = loader.getResourceAsStream("META-INF/maven/org.webjars.npm/uplot/pom.properties")) {
            if (p == null) {
                return null;
            }
            webjar.load(p);
        }
        String file = resource.substring("uplot/".length());
        String base = "META-INF/resources/webjars/uplot/" + webjar.getProperty("version") + "/";
        in = loader.getResourceAsStream(base + "dist/" + file);
        return in != null ? in : loader.getResourceAsStream(base + file);
    }

    /** The file at {@code static/NAME} or {@code uplot/NAME}, or null. */
    Asset get(String name) {
        return files.get(name);
    }

    static String etag(byte[] bytes) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(hash, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}

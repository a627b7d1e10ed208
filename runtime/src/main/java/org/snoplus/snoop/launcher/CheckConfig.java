package org.snoplus.snoop.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * {@code snoop check-config DIR}: a configuration directory checked offline, without starting
 * anything, against the metatype descriptions the bundles carry (every snoop component declares
 * its keys, types and allowed values with {@code @ObjectClassDefinition}): each file must configure
 * a component that exists, each key must be one it knows, each value must have its type and be one
 * of its options. What a component checks beyond that (ranges, files that must exist) it checks
 * when the file is applied, keeping its last good configuration.
 */
final class CheckConfig {

    /** One declared key: its type, cardinality and allowed values (empty: any). */
    record Key(String type, int cardinality, List<String> options) {
    }

    /** PID or factory PID → its keys. */
    private final Map<String, Map<String, Key>> components = new TreeMap<>();
    private final List<String> problems = new ArrayList<>();

    /** Reads the metatype of every jar in these directories. */
    CheckConfig(List<Path> jarDirs) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(false);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        DocumentBuilder xml = f.newDocumentBuilder();
        for (Path dir : jarDirs) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (DirectoryStream<Path> jars = Files.newDirectoryStream(dir, "*.jar")) {
                for (Path jar : jars) {
                    read(xml, jar);
                }
            }
        }
    }

    private void read(DocumentBuilder xml, Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry e = entries.nextElement();
                if (!e.getName().startsWith("OSGI-INF/metatype/") || !e.getName().endsWith(".xml")) {
                    continue;
                }
                try (InputStream in = zip.getInputStream(e)) {
                    metatype(xml.parse(in));
                }
            }
        } catch (Exception e) {
            // not a jar, or no metatype: nothing to learn from it (the instance reports bad jars)
        }
    }

    private void metatype(Document doc) {
        Map<String, Map<String, Key>> ocds = new LinkedHashMap<>();
        NodeList ocdNodes = doc.getElementsByTagName("OCD");
        for (int i = 0; i < ocdNodes.getLength(); i++) {
            Element ocd = (Element) ocdNodes.item(i);
            Map<String, Key> keys = new TreeMap<>();
            NodeList ads = ocd.getElementsByTagName("AD");
            for (int j = 0; j < ads.getLength(); j++) {
                Element ad = (Element) ads.item(j);
                List<String> options = new ArrayList<>();
                NodeList opts = ad.getElementsByTagName("Option");
                for (int k = 0; k < opts.getLength(); k++) {
                    options.add(((Element) opts.item(k)).getAttribute("value"));
                }
                String card = ad.getAttribute("cardinality");
                keys.put(ad.getAttribute("id"), new Key(ad.getAttribute("type"),
                        card.isEmpty() ? 0 : Integer.parseInt(card), options));
            }
            ocds.put(ocd.getAttribute("id"), keys);
        }
        NodeList designates = doc.getElementsByTagName("Designate");
        for (int i = 0; i < designates.getLength(); i++) {
            Element d = (Element) designates.item(i);
            String pid = !d.getAttribute("factoryPid").isEmpty() ? d.getAttribute("factoryPid") : d.getAttribute("pid");
            NodeList objects = d.getElementsByTagName("Object");
            if (objects.getLength() > 0 && ocds.containsKey(((Element) objects.item(0)).getAttribute("ocdref"))) {
                components.put(pid, ocds.get(((Element) objects.item(0)).getAttribute("ocdref")));
            }
        }
    }

    /** Checks every {@code .cfg} and {@code .config} file of {@code dir}; the problems, one a line. */
    List<String> check(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            problems.add(dir + ": not a directory");
            return problems;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.{cfg,config}")) {
            s.forEach(files::add);
        }
        files.sort(null);
        for (Path file : files) {
            checkFile(file);
        }
        return problems;
    }

    int components() {
        return components.size();
    }

    private void checkFile(Path file) throws IOException {
        String name = file.getFileName().toString();
        String pid = name.substring(0, name.lastIndexOf('.'));
        Map<String, Key> keys = components.get(pid);
        if (keys == null && pid.indexOf('-') > 0) {
            keys = components.get(pid.substring(0, pid.indexOf('-'))); // a factory configuration, NAME after '-'
        }
        if (keys == null) {
            String base = pid.indexOf('-') > 0 ? pid.substring(0, pid.indexOf('-')) : pid;
            problems.add(file + ": no component takes the PID " + pid + nearest(base, List.copyOf(components.keySet()))
                    + " (a factory configuration is named FACTORYPID-NAME.cfg)");
            return;
        }
        Map<String, String> values = name.endsWith(".cfg") ? cfg(file) : config(file);
        for (Map.Entry<String, String> e : values.entrySet()) {
            String key = e.getKey();
            if (key.startsWith("service.") || key.startsWith("felix.") || key.startsWith("component.")
                    || key.endsWith(".target")) {
                continue;
            }
            String lower = key.toLowerCase(java.util.Locale.ROOT);
            if (lower.equals("password") || lower.endsWith(".password")) {
                problems.add(file + ": " + key + ": a password does not belong in a configuration file (every "
                        + "bundle can read configuration); name a file of mode 0600 with password.file, or an "
                        + "environment variable with password.env");
                continue;
            }
            Key k = keys.get(key);
            if (k == null) {
                problems.add(file + ": " + key + ": not a key of " + pid + nearest(key, List.copyOf(keys.keySet())));
                continue;
            }
            String why = wrongValue(k, e.getValue());
            if (why != null) {
                problems.add(file + ": " + key + ": " + why);
            }
        }
    }

    private static Map<String, String> cfg(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Map<String, String> m = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k).strip()));
        return m;
    }

    /** FileInstall's typed format: {@code key = T"value"} or {@code key = ["a", "b"]}; values kept as written. */
    private static Map<String, String> config(Path file) throws IOException {
        Map<String, String> m = new TreeMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String l = line.strip();
            int eq = l.indexOf('=');
            if (l.isEmpty() || l.startsWith("#") || eq < 0) {
                continue;
            }
            m.put(l.substring(0, eq).strip(), null); // typed values: the key is checked, the value by the instance
        }
        return m;
    }

    private static String wrongValue(Key k, String value) {
        if (value == null || value.contains("${") || k.cardinality() != 0) {
            return null; // substituted at run time, or a list: the instance checks it
        }
        if (!k.options().isEmpty() && !k.options().contains(value)) {
            return "'" + value + "' is not one of " + k.options();
        }
        try {
            switch (k.type()) {
                case "Long", "Integer", "Short", "Byte" -> Long.parseLong(value);
                case "Double", "Float" -> Double.parseDouble(value);
                case "Boolean" -> {
                    if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                        return "'" + value + "' is not true or false";
                    }
                }
                default -> {
                }
            }
        } catch (NumberFormatException e) {
            return "'" + value + "' is not a " + k.type().toLowerCase(java.util.Locale.ROOT) + " number";
        }
        return null;
    }

    /** "; did you mean X?" for a near name (at most two edits), else nothing. */
    static String nearest(String name, List<String> known) {
        String best = null;
        int bestD = 3;
        for (String k : known) {
            int d = distance(name, k);
            if (d < bestD) {
                bestD = d;
                best = k;
            }
        }
        return best == null ? "" : "; did you mean " + best + "?";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1),
                        prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}

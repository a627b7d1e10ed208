package org.snoplus.snoop.processor.diskusage.internal;

import static org.snoplus.snoop.processor.support.ConfigValues.check;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.snoplus.snoop.processor.Poller;
import org.snoplus.snoop.processor.Processor;
import org.snoplus.snoop.stats.Precision;
import org.snoplus.snoop.processor.support.LastGoodConfig;

/**
 * Disk usage of the configured directories. Each sample is
 * <pre>{"paths": {"/data": {"bytes": 123, "files": 4, "unreadable": 0, "truncated": false,
 *                          "free": 5000, "total": 9000, "used.fraction": 0.44}, ...}}</pre>
 * where {@code bytes} and {@code files} count the regular files under the directory and
 * {@code free} and {@code total} are the usable and total space of the disk that holds it. A
 * directory that cannot be measured gets {@code {"error": "..."}} instead, so that one missing
 * mount does not hide the others.
 */
@Component(name = "diskusage", service = Processor.class, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = DiskUsageConfig.class)
public class DiskUsage implements Poller {

    private List<String> paths = List.of();
    private int maxFiles;

    @Activate
    void activate(DiskUsageConfig config, Map<String, Object> properties) {
        // a bad value in its conf/ file leaves the processor running with the values it had
        LastGoodConfig.apply(config, properties, this::configure);
    }

    /** Checks and applies every value; throws on a bad one (the previous configuration is then applied again). */
    void configure(DiskUsageConfig config) {
        String[] configured = config.paths();
        check(configured != null && configured.length > 0, "paths", "must name at least one directory");
        List<String> ps = new ArrayList<>();
        for (String p : configured) {
            check(p != null && !p.isBlank(), "paths", "must not hold an empty entry");
            try {
                Path.of(p.trim());
            } catch (InvalidPathException e) {
                check(false, "paths", "holds '" + p + "', which is not a path: " + e.getReason());
            }
            ps.add(p.trim());
        }
        check(config.max_files() >= 1, "max.files", "must be positive, not " + config.max_files());
        paths = List.copyOf(ps);
        maxFiles = config.max_files();
    }

    @Override
    public Map<String, Object> sample() {
        Map<String, Object> byPath = new LinkedHashMap<>();
        for (String p : paths) {
            byPath.put(p, measure(p));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("paths", byPath);
        return m;
    }

    private Map<String, Object> measure(String name) {
        Path dir = Path.of(name);
        if (!Files.exists(dir)) {
            return error("no such directory: " + name);
        }
        if (!Files.isDirectory(dir)) {
            return error("not a directory: " + name);
        }
        try {
            DirectoryTally tally = DirectoryTally.of(dir, maxFiles);
            FileStore store = Files.getFileStore(dir);
            long free = store.getUsableSpace();
            long total = store.getTotalSpace();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("bytes", tally.bytes);
            m.put("files", tally.files);
            m.put("unreadable", tally.unreadable);
            m.put("truncated", tally.truncated);
            m.put("free", free);
            m.put("total", total);
            // some pseudo file systems report no size at all
            m.put("used.fraction", total > 0 ? Precision.round((double) (total - free) / total) : 0.0);
            return m;
        } catch (IOException | SecurityException e) {
            return error("cannot measure " + name + ": " + e);
        }
    }

    private static Map<String, Object> error(String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", message);
        return m;
    }
}

package org.snoplus.snoop.processor.dataflow.internal;

import static org.snoplus.snoop.processor.support.ConfigValues.check;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.regex.PatternSyntaxException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.snoplus.snoop.processor.Poller;
import org.snoplus.snoop.processor.Processor;
import org.snoplus.snoop.stats.Precision;
import org.snoplus.snoop.processor.support.LastGoodConfig;

/**
 * Whether data is still being written: the newest file of each configured data directory. Each
 * sample is
 * <pre>{"dirs": {"/raid/data/l2": {"newest": "SNOP_0000300000_000.zdab", "size": 123456789,
 *                                 "modified": 1764362399000, "age.s": 1.0, "growth.rate": 4.1E6,
 *                                 "files": 12, "recent": 2, "scanned": 14, "unreadable": 0,
 *                                 "truncated": false}, ...}}</pre>
 * <ul>
 * <li>{@code newest}: the name (relative to the directory) of the regular file matching
 * {@code pattern} that was modified last; {@code size} its bytes, {@code modified} its
 * modification time (ms since the epoch), {@code age.s} the seconds since then;</li>
 * <li>{@code growth.rate}: bytes per second written into the newest file since the previous sample
 * (when the newest file changed, what the previous newest file grew by since then plus all of the
 * new one). Null on the first sample of a directory; negative if the file shrank;</li>
 * <li>{@code files}: matching files, {@code recent}: those modified within {@code recent.s};</li>
 * <li>{@code scanned}: entries looked at; {@code truncated}: the scan stopped at {@code max.files};
 * {@code unreadable}: entries that could not be read.</li>
 * </ul>
 * Without matching files, {@code newest}, {@code size}, {@code modified}, {@code age.s} and
 * {@code growth.rate} are null. A directory that cannot be scanned gets {@code {"error": "..."}},
 * so that one missing mount does not hide the others. With no directories configured the
 * document is {@code {"dirs": {}, "note": "..."}}.
 *
 * <p>What the previous sample saw of each newest file survives upgrades (see {@link #handoff()}),
 * so the rate goes on across them.
 */
@Component(name = "dataflow", service = Processor.class, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = DataFlowConfig.class)
public class DataFlow implements Poller {

    static final String NO_DIRS =
            "no directories configured: set dirs in conf/dataflow.cfg (one) or conf/dataflow.config (several)";
    static final long MAX_RECENT_S = 1_000_000_000L;

    /** Wall-clock time, ms: file modification times are wall-clock times. */
    private final LongSupplier currentTimeMillis;

    private List<String> dirs = List.of();
    private PathMatcher pattern;
    private boolean recursive;
    private int maxFiles;
    private long recentMs;

    /** The newest file of each directory as the previous sample saw it. */
    private final Map<String, Seen> seen = new HashMap<>();

    private record Seen(long time, String name, long size) {
    }

    public DataFlow() {
        this(System::currentTimeMillis);
    }

    /** With a clock of the test's choosing. */
    DataFlow(LongSupplier currentTimeMillis) {
        this.currentTimeMillis = currentTimeMillis;
    }

    @Activate
    void activate(DataFlowConfig config, Map<String, Object> properties) {
        // a bad value in its conf/ file leaves the processor running with the values it had
        LastGoodConfig.apply(config, properties, this::configure);
    }

    /** Checks and applies every value; throws on a bad one (the previous configuration is then applied again). */
    void configure(DataFlowConfig config) {
        List<String> ds = new ArrayList<>();
        for (String d : config.dirs() == null ? new String[0] : config.dirs()) {
            check(d != null && !d.isBlank(), "dirs", "must not hold an empty entry");
            String dir = d.trim();
            try {
                Path.of(dir);
            } catch (InvalidPathException e) {
                check(false, "dirs", "holds '" + d + "', which is not a path: " + e.getReason());
            }
            check(!ds.contains(dir), "dirs", "holds '" + dir + "' twice");
            ds.add(dir);
        }
        String glob = config.pattern() == null ? "" : config.pattern().trim();
        check(!glob.isEmpty(), "pattern", "must not be empty (* matches every file)");
        check(glob.indexOf('/') < 0, "pattern", "is matched against file names only, so it cannot hold '/': " + glob);
        PathMatcher matcher = null;
        try {
            matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        } catch (PatternSyntaxException e) {
            check(false, "pattern", "'" + glob + "' is not a glob: " + e.getDescription());
        }
        long recentS = config.recent_s();
        check(recentS >= 1 && recentS <= MAX_RECENT_S, "recent.s",
                "must be between 1 and " + MAX_RECENT_S + " seconds, not " + recentS);
        check(config.max_files() >= 1, "max.files", "must be positive, not " + config.max_files());

        dirs = List.copyOf(ds);
        pattern = matcher;
        recursive = config.recursive();
        maxFiles = config.max_files();
        recentMs = recentS * 1000;
    }

    @Override
    public Map<String, Object> sample() {
        long now = currentTimeMillis.getAsLong();
        Map<String, Object> byDir = new LinkedHashMap<>();
        for (String d : dirs) {
            byDir.put(d, measure(d, now));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("dirs", byDir);
        if (dirs.isEmpty()) {
            m.put("note", NO_DIRS);
        }
        return m;
    }

    private Map<String, Object> measure(String name, long now) {
        Path dir = Path.of(name);
        if (!Files.exists(dir)) {
            seen.remove(name); // it starts afresh when it is back
            return error("no such directory: " + name);
        }
        if (!Files.isDirectory(dir)) {
            seen.remove(name);
            return error("not a directory: " + name);
        }
        DirectoryScan scan;
        try {
            scan = DirectoryScan.of(dir, pattern, recursive, maxFiles, now - recentMs);
        } catch (IOException | SecurityException e) {
            seen.remove(name);
            return error("cannot scan " + name + ": " + e);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("newest", scan.newest);
        if (scan.newest != null) {
            m.put("size", scan.newestSize);
            m.put("modified", scan.newestModified);
            m.put("age.s", (now - scan.newestModified) / 1000.0);
            m.put("growth.rate", growthRate(name, dir, scan, now));
        } else {
            seen.remove(name);
            m.put("size", null);
            m.put("modified", null);
            m.put("age.s", null);
            m.put("growth.rate", null);
        }
        m.put("files", scan.files);
        m.put("recent", scan.recent);
        m.put("scanned", scan.scanned);
        m.put("unreadable", scan.unreadable);
        m.put("truncated", scan.truncated);
        return m;
    }

    /** Bytes per second into the newest file since the previous sample, or null; remembers this sample. */
    private Double growthRate(String name, Path dir, DirectoryScan scan, long now) {
        Seen before = seen.put(name, new Seen(now, scan.newest, scan.newestSize));
        if (before == null || now <= before.time()) {
            return null; // nothing to compare with, or the clock went back
        }
        long bytes;
        if (before.name().equals(scan.newest)) {
            bytes = scan.newestSize - before.size();
        } else {
            // a new file: the rest of the previous one (if it is still there) and the whole new one
            long rest = Math.max(0, sizeOf(dir.resolve(before.name()), before.size()) - before.size());
            bytes = rest + scan.newestSize;
        }
        return Precision.round(bytes * 1000.0 / (now - before.time()));
    }

    private static long sizeOf(Path file, long otherwise) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).size();
        } catch (IOException | SecurityException e) {
            return otherwise; // moved away, say to long-term storage: it adds nothing
        }
    }

    /**
     * For each directory, the newest file the last sample saw: {@code {"dirs": {"/raid/data/l2":
     * {"time": ms, "newest": name, "size": bytes}}}}.
     */
    @Override
    public Object handoff() {
        Map<String, Object> byDir = new LinkedHashMap<>();
        seen.forEach((dir, s) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("time", s.time());
            m.put("newest", s.name());
            m.put("size", s.size());
            byDir.put(dir, m);
        });
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("dirs", byDir);
        return state;
    }

    @Override
    public void takeover(Object state) {
        // replace, never add: this instance may have sampled before (a rollback makes it live again)
        seen.clear();
        if (!(state instanceof Map<?, ?> m) || !(m.get("dirs") instanceof Map<?, ?> byDir)) {
            return;
        }
        for (String dir : dirs) { // directories no longer configured are forgotten
            if (byDir.get(dir) instanceof Map<?, ?> s && s.get("time") instanceof Number time
                    && s.get("newest") instanceof String newest && !newest.isEmpty()
                    && s.get("size") instanceof Number size && size.longValue() >= 0) {
                seen.put(dir, new Seen(time.longValue(), newest, size.longValue()));
            }
        }
    }

    private static Map<String, Object> error(String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", message);
        return m;
    }
}

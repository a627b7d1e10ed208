package org.snoplus.snoop.alarm.engine.internal;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snoplus.snoop.alarm.Reference;
import org.snoplus.snoop.json.DocumentJson;

/**
 * Reference histograms, one JSON file each ({@code DATA/references/NAME.json}): written to a
 * temporary file and renamed into place, read back at start. Bounded: {@value #MAX_REFERENCES}
 * references of at most {@value #MAX_BINS} bins.
 */
final class ReferenceStore {

    static final int MAX_REFERENCES = 200;
    static final int MAX_BINS = 100_000;
    private static final Logger LOG = LoggerFactory.getLogger(ReferenceStore.class);

    private record Entry(Reference reference, Histogram histogram) {
    }

    private static final ObjectReader READER = new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .readerFor(Map.class);

    private volatile Path dir;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /** Reads the references of {@code directory} (null: none). */
    synchronized void directory(Path directory) {
        entries.clear();
        dir = directory;
        if (dir == null) {
            return;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.json")) {
            for (Path p : s) {
                if (entries.size() >= MAX_REFERENCES) {
                    LOG.error("references: more than {} in {}; the others are not read", MAX_REFERENCES, dir);
                    break;
                }
                read(p);
            }
        } catch (NoSuchFileException e) {
            // none saved yet
        } catch (IOException e) {
            LOG.error("references: {} cannot be read: {}", dir, e.toString());
        }
    }

    private void read(Path p) {
        try {
            if (Files.size(p) > 64L * MAX_BINS) {
                LOG.error("references: {} is too large to be a reference; not read", p);
                return;
            }
            Map<?, ?> m = READER.readValue(Files.readString(p));
            Histogram h = Histogram.of(m.get("histogram"));
            if (h == null) {
                LOG.error("references: {} holds no histogram; not read", p);
                return;
            }
            Reference r = new Reference(String.valueOf(m.get("name")), String.valueOf(m.get("processor")),
                    String.valueOf(m.get("field")), String.valueOf(m.get("source")), ((Number) m.get("saved")).longValue(),
                    h.counts().length, h.entries());
            entries.put(r.name(), new Entry(r, h));
        } catch (IOException | RuntimeException e) {
            LOG.error("references: {} cannot be read: {}", p, e.toString());
        }
    }

    /** Saves {@code histogram} as the reference {@code name}, replacing one of that name. */
    synchronized Reference save(String name, String processor, String field, String source, Histogram histogram, long now)
            throws IOException {
        if (!RuleParser.NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a reference's name has letters, digits, '.', '_' and '-', not '"
                    + RuleParser.shorten(name) + "'");
        }
        if (histogram.counts().length > MAX_BINS) {
            throw new IllegalArgumentException("a reference has at most " + MAX_BINS + " bins");
        }
        if (!entries.containsKey(name) && entries.size() >= MAX_REFERENCES) {
            throw new IllegalArgumentException(MAX_REFERENCES + " references are saved, the most kept: remove one first");
        }
        Path d = dir;
        if (d == null) {
            throw new IllegalStateException("no directory for references (references.dir in snoop.alarms.cfg)");
        }
        Reference r = new Reference(name, processor, field, source, now, histogram.counts().length, histogram.entries());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("processor", processor);
        m.put("field", field);
        m.put("source", source);
        m.put("saved", now);
        m.put("histogram", histogram.toShape());
        Files.createDirectories(d);
        Path tmp = d.resolve("." + name + ".json.tmp");
        Files.writeString(tmp, DocumentJson.writer().writeValueAsString(m));
        try {
            Files.move(tmp, d.resolve(name + ".json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, d.resolve(name + ".json"), StandardCopyOption.REPLACE_EXISTING);
        }
        entries.put(name, new Entry(r, histogram));
        LOG.info("reference {} saved: {}.{} of {}, {} entries in {} bins", name, processor, field, source,
                histogram.entries(), histogram.counts().length);
        return r;
    }

    synchronized boolean remove(String name) throws IOException {
        Entry e = entries.remove(name);
        Path d = dir;
        if (e != null && d != null) {
            Files.deleteIfExists(d.resolve(name + ".json"));
        }
        return e != null;
    }

    Histogram histogram(String name) {
        Entry e = entries.get(name);
        return e == null ? null : e.histogram;
    }

    List<Reference> references() {
        List<Reference> out = new ArrayList<>();
        new TreeMap<>(entries).values().forEach(e -> out.add(e.reference));
        return out;
    }
}

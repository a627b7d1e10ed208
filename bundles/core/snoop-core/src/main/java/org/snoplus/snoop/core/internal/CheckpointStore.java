package org.snoplus.snoop.core.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The checkpoint file, {@code DIR/checkpoint.json.gz}: JSON, compressed (fastest level: the
 * processors' tables compress five- to tenfold), written whole to a temporary file, forced to disk,
 * renamed over the last one and the directory forced, so that after a crash at any moment the file
 * is either the previous checkpoint or the new one, never a mixture. Bounded: the largest processor
 * states are left out until the JSON fits {@code checkpoint.max.mb}. Not thread-safe: one writer
 * thread (the {@link Checkpointer}'s).
 */
final class CheckpointStore {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
    static final String FILE = "checkpoint.json.gz";

    private static final ObjectMapper JSON = new ObjectMapper()
            // whole numbers read back as long, as the framework hands them to processors
            .enable(DeserializationFeature.USE_LONG_FOR_INTS);

    private final Path dir;
    private final long maxBytes;
    /** Names whose state was left out, so that this is said once, not at every tick. */
    private final Set<String> leftOut = ConcurrentHashMap.newKeySet();
    private volatile long lastBytes;

    CheckpointStore(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
    }

    Path file() {
        return dir.resolve(FILE);
    }

    long lastBytes() {
        return lastBytes;
    }

    /** The last checkpoint, or null when there is none; an unreadable one is set aside and named. */
    Checkpoint load() {
        Path f = file();
        if (!Files.exists(f)) {
            return null;
        }
        try {
            Checkpoint c;
            try (InputStream in = new GZIPInputStream(Files.newInputStream(f), 1 << 16)) {
                c = Checkpoint.fromMap(JSON.readValue(in, Map.class));
            }
            LOG.info("resuming from the checkpoint of {} ({} processors, {} readers, {} writers)",
                    java.time.Instant.ofEpochMilli(c.time()), c.processors().size(), c.readers().size(),
                    c.writers().size());
            return c;
        } catch (IOException | RuntimeException e) {
            Path aside = dir.resolve(FILE + ".unreadable-" + System.currentTimeMillis());
            try {
                Files.move(f, aside);
            } catch (IOException moveFailed) {
                aside = f;
            }
            LOG.error("the checkpoint {} cannot be read ({}); starting afresh, it is kept as {}", f, e.toString(),
                    aside.getFileName());
            return null;
        }
    }

    /** Writes {@code c} atomically and durably; returns its size in bytes (uncompressed). */
    long write(Checkpoint c) throws IOException {
        Files.createDirectories(dir);
        Map<String, Object> m = c.toMap();
        byte[] bytes = JSON.writeValueAsBytes(m);
        if (bytes.length > maxBytes) {
            bytes = fit(c, bytes.length);
        }
        Path tmp = dir.resolve(FILE + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            OutputStream out = new GZIPOutputStream(Channels.newOutputStream(ch), 1 << 16) {
                {
                    def.setLevel(Deflater.BEST_SPEED);
                }
            };
            out.write(bytes);
            out.flush();
            ((GZIPOutputStream) out).finish();
            ch.force(true);
        }
        try {
            Files.move(tmp, file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the file system of " + dir + " cannot rename atomically: no checkpoints", e);
        }
        forceDirectory(dir);
        lastBytes = bytes.length;
        return bytes.length;
    }

    /** Leaves out the largest states until the checkpoint fits. */
    private byte[] fit(Checkpoint c, long size) throws JsonProcessingException {
        Map<String, Checkpoint.Entry> processors = new LinkedHashMap<>(c.processors());
        List<Map.Entry<String, Long>> sizes = new ArrayList<>();
        for (Map.Entry<String, Checkpoint.Entry> e : processors.entrySet()) {
            sizes.add(Map.entry(e.getKey(), (long) JSON.writeValueAsBytes(e.getValue().state()).length));
        }
        sizes.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()));
        byte[] bytes = null;
        for (Map.Entry<String, Long> big : sizes) {
            Checkpoint.Entry e = processors.get(big.getKey());
            processors.put(big.getKey(), new Checkpoint.Entry(e.version(), e.live(), e.events(), e.aborts(), e.errors(),
                    e.lost(), e.samples(), e.sequence(), e.windowStart(), e.run(), null));
            if (leftOut.add(big.getKey())) {
                LOG.error("processor {}: its state ({} MB) does not fit the checkpoint (checkpoint.max.mb = {}): it "
                        + "starts afresh after a restart", big.getKey(), big.getValue() >> 20, maxBytes >> 20);
            }
            bytes = JSON.writeValueAsBytes(new Checkpoint(c.time(), c.cut(), c.instance(), c.readers(), processors,
                    c.writers()).toMap());
            if (bytes.length <= maxBytes) {
                return bytes;
            }
        }
        throw new IllegalStateException("the checkpoint is " + (size >> 20) + " MB without any processor state, "
                + "above checkpoint.max.mb = " + (maxBytes >> 20));
    }

    static void forceDirectory(Path dir) throws IOException {
        // the rename is durable once the directory is: supported on Linux, harmless where not
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            if (!System.getProperty("os.name", "").toLowerCase().contains("win")) {
                throw e;
            }
        }
    }
}

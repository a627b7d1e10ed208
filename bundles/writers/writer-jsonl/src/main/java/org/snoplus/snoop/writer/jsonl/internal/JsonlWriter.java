package org.snoplus.snoop.writer.jsonl.internal;

import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.json.DocumentJson;
import org.snoplus.snoop.writer.Writer;

/**
 * Appends documents to a file, one JSON object per line ({@link DocumentJson}), a batch in one
 * write.
 *
 * <p>There is no {@code @Modified}: a new path or rotation size is served by a new instance, so
 * that the old file is closed (and flushed) by the instance that opened it.
 */
@Component(name = JsonlWriter.PID, service = Writer.class, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = JsonlWriterConfig.class, factory = true)
public class JsonlWriter implements Writer {

    static final String PID = "snoop.writer.jsonl";

    private static final Logger LOG = LoggerFactory.getLogger(JsonlWriter.class);

    // UTC: local time repeats an hour each autumn, and two rotations could then claim one name
    private static final DateTimeFormatter ROTATED = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    /** A buffer grown beyond this by an unusual batch is let go rather than kept for ever. */
    private static final int KEPT_BUFFER = 1 << 20;

    private static final long MB = 1L << 20;

    private final Clock clock;
    private volatile Path path;
    private long rotateBytes;
    private final AtomicLong written = new AtomicLong();

    // guarded by this: write and flush come from the writer's thread, close from DS
    private FileChannel channel;
    private long size;
    private Buffer buffer = new Buffer();

    public JsonlWriter() {
        this.clock = Clock.systemUTC();
    }

    JsonlWriter(Path path, long rotateBytes, Clock clock) {
        this.path = path.toAbsolutePath().normalize();
        this.rotateBytes = rotateBytes;
        this.clock = clock;
    }

    @Activate
    void activate(JsonlWriterConfig config, Map<String, Object> properties) {
        try {
            String p = value("path", config::path);
            check(p != null && !p.isBlank(), "path is required: the file to append documents to");
            try {
                path = Path.of(p.trim()).toAbsolutePath().normalize();
            } catch (InvalidPathException e) {
                throw new IllegalArgumentException("bad configuration: path is not a valid path: " + e.getMessage(), e);
            }
            long mb = value("rotate.mb", config::rotate_mb);
            check(mb >= 0 && mb <= Long.MAX_VALUE / MB, "rotate.mb must be >= 0 (0 = never rotate), not " + mb);
            rotateBytes = mb * MB;
        } catch (IllegalArgumentException e) {
            LOG.error("{}: {}", properties.get("service.pid"), e.getMessage());
            throw e;
        }
        LOG.info("{}: appending to {}{}", properties.get("service.pid"), path,
                rotateBytes > 0 ? ", rotated at " + rotateBytes / MB + " MiB" : "");
    }

    @Deactivate
    synchronized void deactivate() {
        if (channel == null) {
            return;
        }
        try {
            channel.force(false);
        } catch (IOException e) {
            LOG.warn("{}: the last documents may not be on disk: {}", path, e.toString());
        }
        closeQuietly();
    }

    @Override
    public synchronized void write(List<SampleDocument> batch) throws IOException {
        Buffer buf = buffer;
        buf.reset();
        int lines = 0;
        for (SampleDocument d : batch) {
            byte[] json;
            try {
                json = DocumentJson.toJsonBytes(d);
            } catch (IllegalArgumentException e) {
                // failing the batch would only have it offered again, and fail again, for ever
                LOG.error("{}: {}; skipped", path, e.getMessage());
                continue;
            }
            buf.write(json, 0, json.length);
            buf.write('\n');
            lines++;
        }
        if (lines == 0) {
            return;
        }
        FileChannel ch = open();
        long before = size;
        try {
            ByteBuffer bytes = buf.bytes();
            while (bytes.hasRemaining()) {
                size += ch.write(bytes);
            }
        } catch (IOException e) {
            // A part of a line would spoil the file for whoever reads it: take the batch back out,
            // it is offered again whole.
            try {
                ch.truncate(before);
            } catch (IOException again) {
                LOG.error("{}: a partly written batch could not be removed; the file has a broken line at byte {}",
                        path, before);
            }
            closeQuietly();
            throw new IOException("cannot write to " + path + ": " + e, e);
        }
        written.addAndGet(lines);
        if (buf.size() > KEPT_BUFFER) {
            buffer = new Buffer();
        }
        if (rotateBytes > 0 && size >= rotateBytes) {
            rotate();
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        if (channel != null) {
            try {
                // fdatasync: the data and the file's length, which is all an appended file needs
                channel.force(false);
            } catch (IOException e) {
                throw new IOException("cannot flush " + path + " to disk: " + e, e);
            }
        }
    }

    @Override
    public String describe() {
        return "jsonl " + path + " (" + written.get() + " documents)";
    }

    private FileChannel open() throws IOException {
        if (channel == null) {
            try {
                Path dir = path.getParent();
                if (dir != null) {
                    Files.createDirectories(dir);
                }
                channel = FileChannel.open(path, CREATE, WRITE, APPEND);
                size = channel.size();
            } catch (IOException e) {
                throw new IOException("cannot open " + path + " for appending: " + e, e);
            }
        }
        return channel;
    }

    /**
     * Renames the full file out of the way; the next batch starts a new one. A failure is not the
     * batch's: it is written already, and failing would have it written twice. The file grows on
     * and rotation is tried again after the next batch.
     */
    private void rotate() {
        String name = path.getFileName() + "." + ROTATED.format(clock.instant());
        Path target = path.resolveSibling(name);
        for (int i = 1; Files.exists(target); i++) {
            target = path.resolveSibling(name + "-" + i);
        }
        try {
            channel.force(false);
            closeQuietly();
            Files.move(path, target);
            LOG.info("{} reached {} bytes and was renamed to {}", path, size, target.getFileName());
        } catch (IOException e) {
            LOG.warn("{} reached {} bytes but could not be renamed to {}: {}; writing on to it", path, size,
                    target.getFileName(), e.toString());
        }
    }

    private void closeQuietly() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("{}: closing failed: {}", path, e.toString());
        }
        channel = null;
    }

    private static <T> T value(String key, Supplier<T> getter) {
        try {
            return getter.get();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad configuration: " + key + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static void check(boolean ok, String reason) {
        if (!ok) {
            throw new IllegalArgumentException("bad configuration: " + reason);
        }
    }

    /** The batch's bytes, handed to the channel without a copy. */
    private static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            super(8192);
        }

        ByteBuffer bytes() {
            return ByteBuffer.wrap(buf, 0, count);
        }
    }
}

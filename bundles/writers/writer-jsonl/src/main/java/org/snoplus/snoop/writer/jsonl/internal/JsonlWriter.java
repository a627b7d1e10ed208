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
 * write. A full file ({@code rotate.mb}) is renamed out of the way; the {@link Archiver} compresses
 * it and deletes it after {@code keep.days}, so that the files take a bounded room for ever.
 *
 * <p><b>Failures</b> (a full disk, a file system gone read-only) fail the batch whole: a part of a
 * line already written is cut off again, so the file never holds a broken line, and the batch is
 * offered again by the core until it goes in. The failure is logged once when it starts and once
 * when writing works again, and shown by {@code snoop:status} meanwhile.
 *
 * <p>There is no {@code @Modified}: a new path or rotation size is served by a new instance, so
 * that the old file is closed (and flushed) by the instance that opened it.
 */
@Component(name = JsonlWriter.PID, service = Writer.class, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = JsonlWriterConfig.class, factory = true)
public class JsonlWriter implements Writer {

    static final String PID = "snoop.writer.jsonl";

    private static final Logger LOG = LoggerFactory.getLogger(JsonlWriter.class);

    /** A buffer grown beyond this by an unusual batch is let go rather than kept for ever. */
    private static final int KEPT_BUFFER = 1 << 20;

    private static final long MB = 1L << 20;

    /** How often the archiver is asked to look for old files when nothing rotates. */
    static final long ARCHIVE_EVERY_MS = 3_600_000L;

    private final Clock clock;
    private volatile Path path;
    private long rotateBytes;
    private final AtomicLong written = new AtomicLong();
    private volatile Archiver archiver;
    /** The failure of the last write, and since when writing fails; null while it works. */
    private volatile String failure;
    private volatile long failingSince;
    private long nextArchive;
    /** How the file is opened for appending: a test puts a disk that fills up here. */
    private final Opener opener;

    /** Opens the file for appending. */
    @FunctionalInterface
    interface Opener {
        FileChannel open(Path path) throws IOException;
    }

    // guarded by this: write and flush come from the writer's thread, close from DS
    private FileChannel channel;
    private long size;
    private Buffer buffer = new Buffer();

    public JsonlWriter() {
        this.clock = Clock.systemUTC();
        this.opener = p -> FileChannel.open(p, CREATE, WRITE, APPEND);
    }

    JsonlWriter(Path path, long rotateBytes, Clock clock) {
        this(path, rotateBytes, Archiver.Compression.NONE, 0, clock);
    }

    JsonlWriter(Path path, long rotateBytes, Archiver.Compression compression, long keepDays, Clock clock) {
        this(path, rotateBytes, compression, keepDays, clock, p -> FileChannel.open(p, CREATE, WRITE, APPEND));
    }

    JsonlWriter(Path path, long rotateBytes, Archiver.Compression compression, long keepDays, Clock clock,
            Opener opener) {
        this.path = path.toAbsolutePath().normalize();
        this.rotateBytes = rotateBytes;
        this.clock = clock;
        this.opener = opener;
        this.archiver = new Archiver(this.path, compression, keepDays, clock);
    }

    /** The archiver, for tests: its passes run on its thread, or here with {@link Archiver#pass}. */
    Archiver archiver() {
        return archiver;
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
            Archiver.Compression compression = Archiver.Compression.parse(value("compress", config::compress));
            long days = value("keep.days", config::keep_days);
            check(days >= 0 && days <= 36_500, "keep.days must be between 0 (keep for ever) and 36500, not " + days);
            archiver = new Archiver(path, compression, days, clock);
            LOG.info("{}: appending to {}{}", properties.get("service.pid"), path, rotateBytes > 0
                    ? ", rotated at " + rotateBytes / MB + " MiB" + (compression == Archiver.Compression.NONE ? ""
                            : ", compressed with " + compression.name().toLowerCase(java.util.Locale.ROOT))
                            + (days > 0 ? ", kept " + days + " days" : "")
                    : "");
        } catch (IllegalArgumentException e) {
            LOG.error("{}: {}", properties.get("service.pid"), e.getMessage());
            throw e;
        }
        archiver.request(); // files a stopped instance rotated but did not compress
    }

    @Deactivate
    synchronized void deactivate() {
        Archiver a = archiver;
        if (a != null) {
            a.stop();
        }
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
        FileChannel ch;
        try {
            ch = open();
        } catch (IOException e) {
            throw failing(e);
        }
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
                size = before;
            } catch (IOException again) {
                LOG.error("{}: a partly written batch could not be removed; the file has a broken line at byte {}",
                        path, before);
            }
            closeQuietly();
            throw failing(new IOException("cannot write to " + path + ": " + e.getMessage(), e));
        }
        written.addAndGet(lines);
        if (failure != null) {
            LOG.info("{}: writing works again after {} s of failures; the documents held meanwhile follow", path,
                    (clock.millis() - failingSince) / 1000);
            failure = null;
        }
        long now = clock.millis();
        if (now >= nextArchive) {
            nextArchive = now + ARCHIVE_EVERY_MS;
            archiver.request();
        }
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
        String f = failure;
        String archive = archiver.state();
        return "jsonl " + path + " (" + written.get() + " documents"
                + (f != null ? "; failing since " + java.time.Instant.ofEpochMilli(failingSince) + ": " + f : "")
                + (archive != null ? "; " + archive : "") + ")";
    }

    /** The failure, remembered for snoop:status and logged when it starts. */
    private IOException failing(IOException e) {
        if (failure == null) {
            failingSince = clock.millis();
            LOG.error("{}: {}; the batch is kept and offered again until writing works", path, e.getMessage());
        }
        failure = e.getMessage();
        return e;
    }

    private FileChannel open() throws IOException {
        if (channel == null) {
            try {
                Path dir = path.getParent();
                if (dir != null) {
                    Files.createDirectories(dir);
                }
                channel = opener.open(path);
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
        String name = archiver.rotatedName(clock.millis());
        Path target = path.resolveSibling(name);
        for (int i = 1; Files.exists(target); i++) {
            target = path.resolveSibling(name + "-" + i);
        }
        try {
            channel.force(false);
            closeQuietly();
            Files.move(path, target);
            LOG.info("{} reached {} bytes and was renamed to {}", path, size, target.getFileName());
            archiver.request();
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

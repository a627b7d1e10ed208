package org.snoplus.snoop.writer.jsonl.internal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * What happens to the files a {@link JsonlWriter} rotated out: each is compressed ({@code xz} by
 * default: the documents of one tick repeat much of the tick before, and xz's window of a MiB sees
 * that where gzip's 32 kB does not — a third of gzip's size) and, once older than
 * {@code keep.days}, deleted. The work is done on one thread of its own, at a low priority, never
 * on the writer's: a rotation only asks for a pass ({@link #request}), and a pass looks at the
 * directory itself, so that a file left uncompressed (by a crash, a full disk) is taken up by the
 * next one. A compressed file is written beside the original as {@code NAME.xz.part}, forced to
 * disk and renamed into place before the original goes: a crash or a full disk leaves the
 * original and, at worst, a partial file that the next pass deletes.
 */
final class Archiver {

    private static final Logger LOG = LoggerFactory.getLogger(Archiver.class);

    /** A rotated file: the base name, the UTC time of its rotation, and what the compression added. */
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    static final String PART = ".part";

    private static final long DAY_MS = 86_400_000L;
    /** How often a failed pass is reported in the log: a full disk must not flood it. */
    private static final long REPORT_EVERY_MS = 3_600_000L;

    private final Path path;
    private final Compression compression;
    private final long keepMs;
    private final Clock clock;
    private final Pattern rotated;
    private final ExecutorService thread;

    // written by the archiver's thread, read for describe()
    private volatile String lastFailure;
    private volatile long lastReport = Long.MIN_VALUE;
    private volatile int waiting;

    /** How rotated files are compressed. */
    enum Compression {
        XZ(".xz"), GZIP(".gz"), NONE("");

        final String suffix;

        Compression(String suffix) {
            this.suffix = suffix;
        }

        static Compression parse(String value) {
            String v = value == null ? "" : value.trim().toLowerCase(java.util.Locale.ROOT);
            for (Compression c : values()) {
                if (c.name().toLowerCase(java.util.Locale.ROOT).equals(v)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("bad configuration: compress must be xz, gzip or none, not '" + value
                    + "'");
        }

        OutputStream wrap(OutputStream out) throws IOException {
            switch (this) {
                case XZ:
                    LZMA2Options options = new LZMA2Options(LZMA2Options.PRESET_DEFAULT);
                    options.setDictSize(1 << 20); // the ticks before this one: 15 MB of memory, not 94
                    return new XZOutputStream(out, options);
                case GZIP:
                    return new GZIPOutputStream(out, 1 << 16);
                default:
                    return out;
            }
        }
    }

    /**
     * @param path the file being written; rotated files are {@code PATH.yyyyMMdd-HHmmss[-n]}
     * @param keepDays rotated files older than this many days are deleted; 0 keeps them for ever
     */
    Archiver(Path path, Compression compression, long keepDays, Clock clock) {
        this.path = path;
        this.compression = compression;
        this.keepMs = keepDays * DAY_MS;
        this.clock = clock;
        this.rotated = Pattern.compile(Pattern.quote(path.getFileName().toString())
                + "\\.(\\d{8}-\\d{6})(-\\d+)?(\\.xz|\\.gz)?(" + Pattern.quote(PART) + ")?");
        // one pass at a time, and at most one more waiting: a pass does everything there is to do
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new LinkedBlockingQueue<>(1), r -> {
                    Thread t = new Thread(r, "snoop-jsonl-archiver " + path.getFileName());
                    t.setDaemon(true);
                    t.setPriority(Thread.MIN_PRIORITY);
                    return t;
                }, new ThreadPoolExecutor.DiscardPolicy());
        this.thread = pool;
    }

    /** The name a file rotated at {@code now} gets (before any {@code -n} that keeps it apart). */
    String rotatedName(long now) {
        return path.getFileName() + "." + STAMP.format(LocalDateTime.ofEpochSecond(now / 1000, 0, ZoneOffset.UTC));
    }

    /** Asks for a pass over the directory; returns at once. */
    void request() {
        try {
            thread.execute(this::pass);
        } catch (RejectedExecutionException e) {
            // stopped: the next instance takes the files up
        }
    }

    /** Stops the thread; a compression under way is abandoned (its partial file goes at the next pass). */
    void stop() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Rotated files waiting to be compressed at the last pass, and the last failure, for the writer's description. */
    String state() {
        String failure = lastFailure;
        int w = waiting;
        if (failure == null && w == 0) {
            return null;
        }
        return (w > 0 ? w + " rotated file" + (w == 1 ? "" : "s") + " to compress" : "")
                + (failure != null ? (w > 0 ? "; " : "") + "archiving failed: " + failure : "");
    }

    /**
     * Compresses what is not, deletes what is too old. One pass at a time: a second one would take
     * the first's unfinished {@code .part} file for a leftover and delete it under its feet.
     */
    synchronized void pass() {
        Path dir = path.getParent();
        List<Path> toCompress = new ArrayList<>();
        List<Path> all = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                Matcher m = rotated.matcher(f.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                if (m.group(4) != null) {
                    Files.deleteIfExists(f); // a compression that did not finish
                    continue;
                }
                all.add(f);
                if (m.group(3) == null && compression != Compression.NONE) {
                    toCompress.add(f);
                }
            }
        } catch (IOException e) {
            failed("cannot list " + dir + ": " + e);
            return;
        }
        waiting = toCompress.size();
        boolean ok = true;
        for (Path f : toCompress) {
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
            try {
                compress(f);
                all.remove(f);
                waiting--;
            } catch (IOException e) {
                ok = false;
                failed("cannot compress " + f.getFileName() + ": " + e.getMessage() + "; it is kept as it is");
            }
        }
        if (keepMs > 0) {
            long oldest = clock.millis() - keepMs;
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                for (Path f : files) {
                    Matcher m = rotated.matcher(f.getFileName().toString());
                    if (m.matches() && m.group(4) == null && rotatedAt(m.group(1), f) < oldest) {
                        Files.deleteIfExists(f);
                        LOG.info("{}: deleted {}, older than {} days", path, f.getFileName(), keepMs / DAY_MS);
                    }
                }
            } catch (IOException e) {
                ok = false;
                failed("cannot delete old files in " + dir + ": " + e);
            }
        }
        if (ok && lastFailure != null) {
            LOG.info("{}: archiving works again", path);
            lastFailure = null;
        }
    }

    private void compress(Path f) throws IOException {
        Path target = f.resolveSibling(f.getFileName() + compression.suffix);
        Path part = f.resolveSibling(target.getFileName() + PART);
        try (InputStream in = Files.newInputStream(f);
                FileChannel channel = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
            BufferedOutputStream buffered = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
            OutputStream out = compression.wrap(buffered);
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0;) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new IOException("stopped");
                }
                out.write(buf, 0, n);
            }
            if (out instanceof XZOutputStream xz) {
                xz.finish();
            } else if (out instanceof GZIPOutputStream gz) {
                gz.finish();
            }
            buffered.flush();
            channel.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(part);
            throw e instanceof IOException io ? io : new IOException(e.toString(), e);
        }
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        forceDirectory(f.getParent());
        Files.delete(f);
        LOG.debug("{}: compressed {} to {}", path, f.getFileName(), target.getFileName());
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // some file systems cannot sync a directory: the rename is then as safe as they make it
        }
    }

    /** The rotation time in a file's name, or its last modification when the name does not parse. */
    private static long rotatedAt(String stamp, Path f) throws IOException {
        try {
            return LocalDateTime.parse(stamp, STAMP).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            return Files.getLastModifiedTime(f).toMillis();
        }
    }

    private void failed(String message) {
        lastFailure = message;
        long now = clock.millis();
        if (now - lastReport >= REPORT_EVERY_MS) {
            lastReport = now;
            LOG.warn("{}: {}", path, message);
        }
    }
}

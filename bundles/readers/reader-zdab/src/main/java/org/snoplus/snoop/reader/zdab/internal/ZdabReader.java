package org.snoplus.snoop.reader.zdab.internal;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snoplus.snoop.reader.EventSink;
import org.snoplus.snoop.reader.Reader;
import org.snoplus.snoop.reader.support.FileBatch;
import org.snoplus.snoop.reader.support.FileCursor;
import org.snoplus.snoop.reader.support.ReaderConfig;
import org.snoplus.snoop.reader.support.SourceFiles;
import org.snoplus.snoop.sno.PedestalSettings;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.sno.RunHeader;
import org.snoplus.snoop.sno.TriggerSettings;
import org.snoplus.snoop.sno.zdab.ZdabFile;

/**
 * Replays ZDAB files: publishes every {@link PmtEvent}, {@link RunHeader}, {@link TriggerSettings}
 * and {@link PedestalSettings} in file order (other banks, such as MAST, are not published), tells
 * the sink the run number whenever it changes, and reports damaged records with their file and
 * byte offset.
 *
 * <p>There is no {@code @Modified}: a new configuration means other files or another rate, which
 * is best served by a new instance that starts from the beginning.
 */
@Component(name = ZdabReader.PID, service = Reader.class, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ZdabReaderConfig.class, factory = true)
public class ZdabReader implements Reader {

    static final String PID = "snoop.reader.zdab";

    /** How often a followed file is looked at for new bytes, and the directory for new files. */
    static final long FOLLOW_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    static final long NEW_FILE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private static final Logger LOG = LoggerFactory.getLogger(ZdabReader.class);

    private volatile ZdabReaderSettings settings;
    private volatile boolean deactivated;

    // Where reading got to: the file and byte offset shown by describe(); the cursor gives the
    // position of each batch, and is where a retry after a failure (or, through the checkpoint, a
    // restart) resumes, so that records are not published twice.
    private volatile Path file;
    private volatile long offset = -1;
    private volatile boolean following;
    private FileCursor cursor;

    public ZdabReader() {
    }

    ZdabReader(ZdabReaderSettings settings) {
        use(settings);
    }

    private void use(ZdabReaderSettings s) {
        cursor = new FileCursor(s.file(), "zdab reader", LOG);
        settings = s;
    }

    @Activate
    void activate(ZdabReaderConfig config, Map<String, Object> properties) {
        use(ReaderConfig.activate(properties, () -> ZdabReaderSettings.from(config), LOG));
        LOG.info("{}: reading {}{}{}{}", properties.get("service.pid"), settings.file(),
                ReaderConfig.pace(settings.rate()), settings.loop() ? ", looping" : "",
                settings.follow() ? ", following" : "");
    }

    @Deactivate
    void deactivate() {
        deactivated = true; // besides the sink closing: for a reader still running for another reason
    }

    @Override
    public void read(EventSink sink) throws Exception {
        ZdabReaderSettings s = settings;
        cursor.start(sink);
        Replay replay = new Replay(sink, s);
        try {
            while (true) {
                List<Path> files = SourceFiles.resolve(s.file(), "zdab");
                for (int i = 0; i < files.size(); i++) {
                    Path f = files.get(i);
                    if (cursor.done(f)) {
                        continue;
                    }
                    boolean follow = s.follow() && i == files.size() - 1 && !isCompressed(f);
                    if (!replay.file(f, cursor.skip(f), follow)) {
                        return;
                    }
                    cursor.finished(f);
                }
                if (s.loop()) {
                    cursor.nextPass();
                } else if (s.follow()) {
                    // the files so far are read; the next sub-run's file is still to come
                    LockSupport.parkNanos(NEW_FILE_POLL_NANOS);
                } else {
                    return;
                }
                if (!replay.going()) {
                    return;
                }
            }
        } catch (ClosedByInterruptException e) {
            // interrupted while reading the file: the reader is being stopped, not failing
        }
    }

    private static boolean isCompressed(Path f) {
        return f.getFileName().toString().endsWith(".gz");
    }

    /** One call of {@link #read}: the sink, the pacing and the batch being filled. */
    private final class Replay {

        private final EventSink sink;
        private final ZdabReaderSettings settings;
        private final FileBatch batch;
        private boolean quiet;
        private long nextNewFileCheck;
        /** Records of the current file seen so far (published, in the batch, or skipped on a resume). */
        private long n;

        Replay(EventSink sink, ZdabReaderSettings settings) {
            this.sink = sink;
            this.settings = settings;
            this.batch = new FileBatch(sink, cursor, settings.rate(), settings.batch(), this::going);
        }

        boolean going() {
            return sink.isOpen() && !deactivated && !Thread.currentThread().isInterrupted();
        }

        /**
         * Reads one file after its first {@code skip} records (already published by an earlier call).
         *
         * @return false if reading must stop
         */
        boolean file(Path f, long skip, boolean follow) throws IOException {
            file = f;
            offset = -1;
            following = follow;
            String where = f + "@";
            quiet = skip > 0; // damage before the resume point was reported the first time round
            n = 0;
            ZdabFile[] current = new ZdabFile[1];
            ZdabFile.Problems problems = (at, why) -> {
                if (!quiet) {
                    sink.malformed(where + at, why);
                }
            };
            try (ZdabFile zdab = follow
                    ? new ZdabFile(new GrowingFileInputStream(f, () -> followDone(current[0], f), FOLLOW_POLL_NANOS),
                            f.toString(), problems)
                    : ZdabFile.open(f, problems)) {
                current[0] = zdab;
                Object record;
                while ((record = zdab.next()) != null) {
                    long recordRun;
                    if (record instanceof PmtEvent e) {
                        recordRun = Integer.toUnsignedLong(e.run());
                    } else if (record instanceof RunHeader h) {
                        recordRun = Integer.toUnsignedLong(h.run());
                    } else if (record instanceof TriggerSettings || record instanceof PedestalSettings) {
                        recordRun = batch.run();
                    } else {
                        continue; // MAST and other banks are ZEBRA bookkeeping for processors
                    }
                    if (++n <= skip) {
                        continue;
                    }
                    quiet = false;
                    offset = zdab.offset();
                    if (!batch.add(record, recordRun, f, n)) {
                        return false;
                    }
                }
            } catch (FileNotFoundException | NoSuchFileException e) {
                // removed between the listing and now
                throw new FileNotFoundException("zdab file not found: " + f);
            } finally {
                following = false;
            }
            // a batch does not straddle files, so the resume position is always in one file
            return flush(f, n) && going();
        }

        /**
         * Whether a followed file will grow no more: the writer closed it, a later file has appeared,
         * or the reader is stopping.
         */
        private boolean followDone(ZdabFile zdab, Path f) {
            if (!going() || zdab != null && zdab.endOfData()) {
                return true;
            }
            // a batch waiting for more bytes would hold events back: publish what there is
            if (!batch.isEmpty() && !flush(f, n)) {
                return true;
            }
            long now = System.nanoTime();
            if (now - nextNewFileCheck < 0) {
                return false;
            }
            nextNewFileCheck = now + NEW_FILE_POLL_NANOS;
            try {
                List<Path> files = SourceFiles.resolve(settings.file(), "zdab");
                return files.get(files.size() - 1).toString().compareTo(f.toString()) > 0;
            } catch (IOException e) {
                return false;
            }
        }

        /** Publishes the batch, paced; the first {@code n} records of {@code f} are then done. */
        private boolean flush(Path f, long n) {
            return batch.flush(f, n);
        }
    }

    @Override
    public String describe() {
        ZdabReaderSettings s = settings;
        if (s == null) {
            return "zdab (not configured)";
        }
        Path f = file;
        StringBuilder b = new StringBuilder("zdab ");
        b.append(f == null ? s.file() : f.toString());
        long at = offset;
        if (f != null && at >= 0) {
            b.append(" @ ").append(at);
        }
        if (following) {
            b.append(" following");
        }
        long pass = cursor.pass();
        if (s.loop() && pass > 0) {
            b.append(" pass ").append(pass + 1);
        }
        b.append(ReaderConfig.pace(s.rate()));
        return b.toString();
    }
}

package org.snoplus.snoop.reader.root.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

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
import org.snoplus.snoop.root.BranchShape;
import org.snoplus.snoop.root.EntryCursor;
import org.snoplus.snoop.root.RootBranch;
import org.snoplus.snoop.root.RootException;
import org.snoplus.snoop.root.RootFile;
import org.snoplus.snoop.root.RootTree;
import org.snoplus.snoop.root.UnsupportedRootException;

/**
 * Replays the entries of a flat TTree, file after file: each entry one event, a {@code Map} from branch name to
 * value in the order of the configured branches ({@link EntryCursor#toMap()}: {@code Long}, {@code Double},
 * {@code Boolean}, {@code String}, or {@code long[]}, {@code double[]}, {@code boolean[]} for arrays), as the old
 * {@code ROOTFileReader(filenames, tree_name, branch_name)} did.
 *
 * <p>What cannot be read costs as little as possible and is always said: an entry whose basket is damaged is
 * counted malformed and skipped (the basket is decompressed once, so the rest of its entries fail at once); a basket
 * compressed in a way this reader does not read ends the file there (counted once, naming the branch and the
 * compression); a file that cannot be read at all (not ROOT, truncated, without the tree, a configured branch missing or of a kind this
 * reader does not read, a compression it does not have) is counted malformed once with the reason and skipped, so
 * that one bad file does not hold up the files after it. A file that cannot be opened (gone, unreadable) fails the
 * read, which the framework retries from the same position.
 *
 * <p>The position given with each batch is the file and the number of its entries done, so a restart resumes at
 * the next entry ({@link FileCursor}). Like the other file readers it has no {@code @Modified}: a new configuration
 * is a new reader.
 */
@Component(name = RootReader.PID, service = Reader.class, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = RootReaderConfig.class, factory = true)
public class RootReader implements Reader {

    static final String PID = "snoop.reader.root";

    private static final Logger LOG = LoggerFactory.getLogger(RootReader.class);

    private volatile RootReaderSettings settings;
    private volatile boolean deactivated;

    // Where reading got to, for describe(); the cursor is where a retry or a restart resumes.
    private volatile Path file;
    private volatile long entry;
    private volatile long entries;
    private FileCursor cursor;

    public RootReader() {
    }

    RootReader(RootReaderSettings settings) {
        use(settings);
    }

    private void use(RootReaderSettings s) {
        cursor = new FileCursor(s.file(), "root reader", LOG);
        settings = s;
    }

    @Activate
    void activate(RootReaderConfig config, Map<String, Object> properties) {
        use(ReaderConfig.activate(properties, () -> RootReaderSettings.from(config), LOG));
        RootReaderSettings s = settings;
        LOG.info("{}: reading tree {} of {}, {}{}{}", properties.get("service.pid"), s.tree(), s.file(),
                s.branches().isEmpty() ? "every readable branch" : "branches " + String.join(", ", s.branches()),
                ReaderConfig.pace(s.rate()), s.loop() ? ", looping" : "");
    }

    @Deactivate
    void deactivate() {
        deactivated = true;
    }

    @Override
    public void read(EventSink sink) throws Exception {
        RootReaderSettings s = settings;
        cursor.start(sink);
        Replay replay = new Replay(sink, s);
        try {
            cursor.readAll("root", s.loop(), replay::going, replay::file);
        } catch (IOException e) {
            if (!replay.going()) {
                return; // the thread was interrupted in a read (the channel closes): the reader is being stopped
            }
            throw e;
        }
    }

    /** One call of {@link #read}: the sink, the pacing and the batch being filled. */
    private final class Replay {

        private final EventSink sink;
        private final RootReaderSettings s;
        private final FileBatch batch;

        Replay(EventSink sink, RootReaderSettings s) {
            this.sink = sink;
            this.s = s;
            this.batch = new FileBatch(sink, cursor, s.rate(), s.batch(), this::going);
        }

        boolean going() {
            return sink.isOpen() && !deactivated && !Thread.currentThread().isInterrupted();
        }

        /**
         * Reads the entries of one file after its first {@code skip}.
         *
         * @return false if reading must stop
         */
        boolean file(Path f, long skip) throws IOException {
            file = f;
            entry = skip;
            entries = 0;
            try (RootFile root = RootFile.open(f, s.maxBasketBytes())) {
                RootTree tree;
                List<String> columns;
                try {
                    tree = root.tree(s.tree());
                    columns = columns(f, tree);
                } catch (IllegalArgumentException e) {
                    // no such tree or branch in this file: the message names the file and what there is
                    return skipFile(f, e.getMessage());
                }
                entries = tree.entries();
                if (skip >= tree.entries()) {
                    return going();
                }
                try (EntryCursor c = tree.cursor(columns, skip)) {
                    return entries(f, c, s.runBranch() == null ? -1 : c.column(s.runBranch()));
                }
            } catch (RootException e) {
                // not ROOT, truncated, unreadable metadata, branches of a kind not read, a compression not read
                return skipFile(f, e.getMessage());
            }
        }

        private boolean entries(Path f, EntryCursor c, int runColumn) throws IOException {
            long done = c.entry() + 1;
            while (true) {
                boolean more;
                try {
                    more = c.next();
                } catch (UnsupportedRootException e) {
                    // a compression this reader does not have: so will the branch's other baskets be
                    LOG.error("root reader: {} entry {}: {}: rest of the file skipped", f, c.entry(), why(e));
                    sink.malformed(f + " entry " + c.entry(), why(e) + "; rest of the file skipped");
                    return flush(f, done) && going();
                } catch (RootException e) {
                    // this entry's basket is damaged: counted, and on to the next entry
                    done = c.entry() + 1;
                    entry = done;
                    sink.malformed(f + " entry " + c.entry(), why(e));
                    continue;
                }
                if (!more) {
                    break;
                }
                long e = c.entry();
                done = e + 1;
                entry = done;
                boolean added = runColumn >= 0 ? batch.add(c.toMap(), c.getLong(runColumn), f, done)
                        : batch.add(c.toMap(), f, done);
                if (!added) {
                    return false;
                }
            }
            // a batch does not straddle files, so the resume position is always in one file
            return flush(f, done) && going();
        }

        /** The columns to read: the configured branches, or every readable one; the run branch with them. */
        private List<String> columns(Path f, RootTree tree) {
            List<String> names = new ArrayList<>(s.branches());
            for (String name : names) {
                if (tree.branch(name).isEmpty()) {
                    throw new IllegalArgumentException(f + ": tree '" + tree.name() + "' has no branch '" + name
                            + "' (branches: " + tree.branches().stream().map(RootBranch::name).toList() + ")");
                }
            }
            if (names.isEmpty()) {
                List<RootBranch> left = new ArrayList<>();
                for (RootBranch b : tree.branches()) {
                    if (b.isSupported()) {
                        names.add(b.name());
                    } else {
                        left.add(b);
                    }
                }
                if (!left.isEmpty()) {
                    LOG.warn("{}: tree '{}': branches left out, not readable here: {}", f, tree.name(),
                            left.stream().map(b -> "'" + b.name() + "' (" + b.describe() + ")")
                                    .collect(Collectors.joining(", ")));
                }
            }
            String run = s.runBranch();
            if (run != null) {
                RootBranch b = tree.branch(run).orElseThrow(() -> new IllegalArgumentException(f + ": tree '"
                        + tree.name() + "' has no branch '" + run + "' (run.branch)"));
                if (!b.isSupported() || !b.type().isInteger() || b.shape() != BranchShape.SCALAR) {
                    throw new IllegalArgumentException(f + ": run.branch '" + run + "' of tree '" + tree.name()
                            + "' is " + b.describe() + ", not an integer scalar");
                }
                if (!names.contains(run)) {
                    names.add(run);
                }
            }
            return names;
        }

        /** What went wrong, without the file, which the caller names with the entry. */
        private static String why(RootException e) {
            return e.object() + ": " + e.detail() + (e.offset() >= 0 ? " (file offset " + e.offset() + ")" : "");
        }

        private boolean skipFile(Path f, String why) {
            LOG.error("root reader: {}: file skipped", why);
            sink.malformed(f.toString(), why + "; file skipped");
            return going();
        }

        /** Publishes the batch, paced; {@code done} entries of {@code f} are then done. */
        private boolean flush(Path f, long done) {
            return batch.flush(f, done);
        }
    }

    @Override
    public String describe() {
        RootReaderSettings s = settings;
        if (s == null) {
            return "root (not configured)";
        }
        Path f = file;
        StringBuilder b = new StringBuilder("root ");
        b.append(f == null ? s.file() : f.toString()).append(" tree ").append(s.tree());
        if (f != null) {
            b.append(" entry ").append(entry).append(" of ").append(entries);
        }
        long pass = cursor.pass();
        if (s.loop() && pass > 0) {
            b.append(" pass ").append(pass + 1);
        }
        b.append(ReaderConfig.pace(s.rate()));
        return b.toString();
    }
}

package org.snoplus.snoop.core.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processor names an operator disabled, kept in a small text file of the data directory (one
 * name a line) so that the choice holds across restarts. Written whole on each change: a temporary
 * file, {@code force}, an atomic rename; a crash leaves the old list or the new one.
 *
 * <p>Bounded: at most {@link #MAX_NAMES} names of at most {@link #MAX_NAME_LENGTH} characters (a
 * file of at most 64 KiB); beyond, a disable is refused. Callers serialise changes (the engine's
 * operator lock); {@link #names()} is read at start only.
 */
final class DisabledNames {

    private static final Logger LOG = LoggerFactory.getLogger(DisabledNames.class);

    static final int MAX_NAMES = 256;
    static final int MAX_NAME_LENGTH = 200;
    /** A file larger than this is not a list this class wrote: it is not read. */
    private static final long MAX_FILE_BYTES = 64 * 1024;

    /** Null: nowhere to keep the list (no data directory); it lasts as long as the process. */
    private final Path file;
    private final Set<String> names = new LinkedHashSet<>();

    DisabledNames(Path file) {
        this.file = file;
        if (file != null) {
            load();
        }
    }

    private void load() {
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                LOG.error("{} is larger than {} bytes: not read, no processor is disabled at start; fix or delete it",
                        file, MAX_FILE_BYTES);
                return;
            }
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String name = line.strip();
                if (name.isEmpty() || name.startsWith("#")) {
                    continue;
                }
                if (name.length() > MAX_NAME_LENGTH || names.size() >= MAX_NAMES) {
                    LOG.warn("{}: '{}' ignored (at most {} names of at most {} characters)", file,
                            abbreviate(name), MAX_NAMES, MAX_NAME_LENGTH);
                    continue;
                }
                names.add(name);
            }
        } catch (NoSuchFileException e) {
            // nothing was ever disabled here
        } catch (IOException e) {
            LOG.error("the disabled processors cannot be read from {} ({}): none is disabled at start", file,
                    e.toString());
        }
    }

    /** The names disabled, in the order they were. */
    List<String> names() {
        return new ArrayList<>(names);
    }

    boolean contains(String name) {
        return names.contains(name);
    }

    /** Refuses a name that would make the list larger than its bounds. */
    void checkRoom(String name) {
        if (name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("a processor name of " + name.length() + " characters cannot be "
                    + "disabled (at most " + MAX_NAME_LENGTH + ")");
        }
        if (!names.contains(name) && names.size() >= MAX_NAMES) {
            throw new IllegalArgumentException("already " + MAX_NAMES + " processors are disabled: enable one first");
        }
    }

    /** Adds a name and writes the list. */
    void add(String name) throws IOException {
        checkRoom(name);
        if (names.add(name)) {
            try {
                write();
            } catch (IOException e) {
                names.remove(name);
                throw e;
            }
        }
    }

    /** Removes a name and writes the list; false if it was not there. */
    boolean remove(String name) throws IOException {
        if (!names.remove(name)) {
            return false;
        }
        try {
            write();
        } catch (IOException e) {
            names.add(name);
            throw e;
        }
        return true;
    }

    /** Where the list is kept, or null. */
    Path file() {
        return file;
    }

    private void write() throws IOException {
        if (file == null) {
            return;
        }
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        StringBuilder text = new StringBuilder("# processors disabled with snoop:disable (snoop:enable NAME undoes it)\n");
        for (String n : names) {
            text.append(n).append('\n');
        }
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(StandardCharsets.UTF_8.encode(text.toString()));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }
}

package org.snoplus.snoop.reader.support;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;

/**
 * Where a file reader stands in its source: the file (its source's files are read in name order),
 * how many records of it are done, and the pass (a looping reader reads them all again). It is the
 * position the reader gives the sink with each batch, and what it resumes from after a restart or
 * a failure: the files before it are skipped, and so are its first {@code records} records.
 *
 * @param source the configured file or glob: a position taken under another configuration is not
 *        this reader's
 * @param file the file, as the source resolved it
 * @param records records of the file done (published, or skipped as malformed); {@link #DONE} when
 *        the whole file is
 * @param pass passes over the source completed before this one
 */
public record FilePosition(String source, String file, long records, long pass) {

    /** The whole file is done. */
    public static final long DONE = Long.MAX_VALUE;

    /** The position as the sink stores it: plain JSON data. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", source);
        m.put("file", file);
        m.put("records", records);
        m.put("pass", pass);
        return m;
    }

    /**
     * The position to resume from, read from what the sink kept ({@code EventSink.resumeFrom()}):
     * null when there is none, or when it was taken under another {@code source} (then the reader
     * starts from the beginning, and says so).
     */
    public static FilePosition resume(Object saved, String source, String reader, Logger log) {
        if (!(saved instanceof Map<?, ?> m)) {
            return null;
        }
        if (!source.equals(m.get("source")) || !(m.get("file") instanceof String f)
                || !(m.get("records") instanceof Number n) || !(m.get("pass") instanceof Number p)) {
            log.warn("{}: the position saved at the last stop ({}) is not for {}: reading from the beginning", reader,
                    saved, source);
            return null;
        }
        log.info("{}: resuming at {} after {} records{}", reader, f, n.longValue() == DONE ? "all" : n,
                p.longValue() > 0 ? ", pass " + (p.longValue() + 1) : "");
        return new FilePosition(source, f, n.longValue(), p.longValue());
    }

    /** Whether file {@code f} is done: it comes before this position's file, or is it, finished. */
    public boolean done(Path f) {
        int c = f.toString().compareTo(file);
        return c < 0 || c == 0 && records == DONE;
    }

    /** The records of {@code f} to skip: this position's count if it is its file, else none. */
    public long skip(Path f) {
        return f.toString().equals(file) ? records : 0;
    }
}

package org.snoplus.snoop.reader.support;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.snoplus.snoop.reader.EventSink;

/**
 * Where a file reader stands while it reads its source, by {@link FilePosition}: the files it has
 * done, the records of the current one, the pass. The position it gives the sink with each batch,
 * and the one it resumes from: after a failure, its own; at its first read, the one the sink saved
 * at the last stop ({@link EventSink#resumeFrom()}). One reader thread uses it; {@link #pass()}
 * may be read from another.
 */
public final class FileCursor {

    private final String source;
    private final String reader;
    private final Logger log;
    /** Where reading resumes; null: at the beginning. */
    private FilePosition at;
    private boolean started;
    private volatile long pass;

    /**
     * @param source the configured file or glob
     * @param reader how the log names the reader ("zdab reader")
     */
    public FileCursor(String source, String reader, Logger log) {
        this.source = source;
        this.reader = reader;
        this.log = log;
    }

    /** At the start of every read: the first time, takes up the position the sink saved. */
    public void start(EventSink sink) {
        if (!started) {
            started = true;
            at = FilePosition.resume(sink.resumeFrom(), source, reader, log);
            pass = at == null ? 0 : at.pass();
        }
    }

    /** Whether file {@code f} is done (in this pass). */
    public boolean done(Path f) {
        return at != null && at.done(f);
    }

    /** The records of {@code f} already done. */
    public long skip(Path f) {
        return at == null ? 0 : at.skip(f);
    }

    /** The position after record {@code n} of {@code f}: to give with the batch that ends there. */
    public FilePosition after(Path f, long n) {
        return new FilePosition(source, f.toString(), n, pass);
    }

    /** The batch given {@code p} is published: reading resumes after it. */
    public void moved(FilePosition p) {
        at = p;
    }

    /** {@code f} is read to its end (so is done, even if the next file fails to open). */
    public void finished(Path f) {
        at = new FilePosition(source, f.toString(), FilePosition.DONE, pass);
    }

    /** Every file is done: the next pass starts (a looping reader). */
    public void nextPass() {
        at = null;
        pass++;
    }

    /** Reads one file of the source, after its first {@code skip} records. */
    @FunctionalInterface
    public interface FileRead {
        /** @return false if reading must stop */
        boolean read(Path f, long skip) throws IOException;
    }

    /**
     * Reads each file of the source not done yet ({@link SourceFiles}, {@code kind} naming them in
     * messages), in name order; then, if {@code loop}, pass after pass while {@code going}.
     */
    public void readAll(String kind, boolean loop, BooleanSupplier going, FileRead file) throws IOException {
        do {
            for (Path f : SourceFiles.resolve(source, kind)) {
                if (done(f)) {
                    continue;
                }
                if (!file.read(f, skip(f))) {
                    return;
                }
                finished(f);
            }
            nextPass();
        } while (loop && going.getAsBoolean());
    }

    /** Passes over the source completed before the current one. */
    public long pass() {
        return pass;
    }
}

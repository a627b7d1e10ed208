package org.snoplus.snoop.root.internal;

import java.nio.file.Path;

import org.snoplus.snoop.root.RootFormatException;
import org.snoplus.snoop.root.UnsupportedRootException;

/**
 * Where the bytes of a buffer came from, so that an error met while parsing them can name the file, the object
 * and the file offset. Index 0 of the buffer is either the file offset {@code base} itself (bytes read as they
 * are on disk) or the start of the uncompressed data of the key at file offset {@code base}, where a position
 * only means something inside that data and is reported as such.
 */
record Origin(Path file, String object, long base, boolean compressed) {

    static Origin raw(Path file, String object, long fileOffset) {
        return new Origin(file, object, fileOffset, false);
    }

    static Origin uncompressed(Path file, String object, long keyOffset) {
        return new Origin(file, object, keyOffset, true);
    }

    RootFormatException error(long pos, String detail) {
        return error(pos, detail, null);
    }

    /** The cause is given to the constructor: a Throwable built with a cause, even null, refuses initCause. */
    RootFormatException error(long pos, String detail, Throwable cause) {
        if (compressed) {
            return new RootFormatException(file, object, base,
                    detail + " at byte " + pos + " of the uncompressed data of the key at file offset " + base, cause);
        }
        return new RootFormatException(file, object, base + pos, detail, cause);
    }

    UnsupportedRootException unsupported(long pos, String detail) {
        return new UnsupportedRootException(file, object, compressed ? base : base + pos, detail);
    }
}

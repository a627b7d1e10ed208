package org.snoplus.snoop.root;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A ROOT file could not be read: either its bytes do not follow the format ({@link RootFormatException})
 * or they use a feature this reader does not have ({@link UnsupportedRootException}).
 *
 * <p>The message always names the file, the object (a key, a tree, a branch and basket) and where in the
 * file the problem lies, so that an operator can act on it without a debugger; the same facts are available
 * as properties for a caller that counts or reports failures.
 */
public class RootException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String object;
    private final long offset;
    private final String detail;

    /**
     * @param file the file being read
     * @param object what was being read, e.g. {@code branch 'px1' of tree 'events'}
     * @param offset the byte offset in the file where the problem lies, or -1 when it has none
     * @param detail what is wrong, including any position inside uncompressed data
     * @param cause the underlying failure, or null
     */
    public RootException(Path file, String object, long offset, String detail, Throwable cause) {
        super(file + ": " + object + ": " + detail + (offset >= 0 ? " (file offset " + offset + ")" : ""), cause);
        this.file = file;
        this.object = object;
        this.offset = offset;
        this.detail = detail;
    }

    /** The file that was being read. */
    public Path file() {
        return file;
    }

    /** What was being read when the problem was met, e.g. {@code basket 2 of branch 'x' of tree 't'}. */
    public String object() {
        return object;
    }

    /** What is wrong, without the file and object. */
    public String detail() {
        return detail;
    }

    /** The byte offset in the file of the problem (for compressed data: of the key holding it), or -1. */
    public long offset() {
        return offset;
    }
}

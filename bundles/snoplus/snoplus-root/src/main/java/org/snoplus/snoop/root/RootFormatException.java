package org.snoplus.snoop.root;

import java.nio.file.Path;

/**
 * The bytes of a ROOT file are not what the format says they must be: wrong magic, a truncated file, an
 * offset past the end, a corrupt compressed block, a checksum that does not match, a basket whose entry
 * offsets run outside its data.
 */
public class RootFormatException extends RootException {

    private static final long serialVersionUID = 1L;

    public RootFormatException(Path file, String object, long offset, String detail) {
        super(file, object, offset, detail, null);
    }

    public RootFormatException(Path file, String object, long offset, String detail, Throwable cause) {
        super(file, object, offset, detail, cause);
    }
}

package org.snoplus.snoop.root;

import java.nio.file.Path;

/**
 * A valid ROOT file uses something this reader does not read: a branch of an object or STL type, a split
 * class, a leaf list, a compression algorithm other than ZLIB, LZMA and LZ4. The message says what it is.
 */
public class UnsupportedRootException extends RootException {

    private static final long serialVersionUID = 1L;

    public UnsupportedRootException(Path file, String object, long offset, String detail) {
        super(file, object, offset, detail, null);
    }
}

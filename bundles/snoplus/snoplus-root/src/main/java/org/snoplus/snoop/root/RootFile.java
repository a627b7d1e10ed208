package org.snoplus.snoop.root;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;
import org.snoplus.snoop.root.internal.RootFileReader;

/**
 * An open ROOT file, read only. Opening reads the header, the key lists of the top directory and its
 * subdirectories, and the streamer information; trees are read when first asked for.
 *
 * <p>A {@code RootFile} holds one open file channel; close it when done (cursors of a closed file fail with
 * a clear exception). It is safe to use from several threads.
 */
@ProviderType
public interface RootFile extends Closeable {

    /** The default bound on the uncompressed size of one object or basket: 64 MiB. */
    long DEFAULT_MAX_OBJECT_BYTES = 64L << 20;

    /**
     * Opens a ROOT file.
     *
     * @throws java.nio.file.NoSuchFileException if it is not there
     * @throws RootFormatException if it is not a ROOT file, is truncated, or its directory is corrupt
     * @throws UnsupportedRootException if its directory or streamer information uses an unsupported compression
     */
    static RootFile open(Path file) throws IOException {
        return RootFileReader.open(file, DEFAULT_MAX_OBJECT_BYTES);
    }

    /**
     * Opens a ROOT file with another bound on the uncompressed size of one object or basket; an object that
     * claims more is refused with a {@link RootFormatException} instead of being allocated.
     */
    static RootFile open(Path file, long maxObjectBytes) throws IOException {
        return RootFileReader.open(file, maxObjectBytes);
    }

    /** The file's path. */
    Path path();

    /** The ROOT version that wrote the file, e.g. {@code 62004} for 6.20/04. */
    int rootVersion();

    /** The names of the trees in the file, subdirectories included as {@code "dir/tree"}; the newest cycle of each. */
    List<String> trees();

    /**
     * Reads a tree's metadata.
     *
     * @throws IllegalArgumentException if the file holds no tree of that name
     * @throws RootException if its metadata cannot be read
     */
    RootTree tree(String name) throws IOException;
}

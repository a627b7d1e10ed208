package org.snoplus.snoop.root;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A TTree (or TNtuple) of an open {@link RootFile}: its branches and a way to read its entries. Safe to share
 * between threads; each thread reads through its own {@link EntryCursor}.
 */
@ProviderType
public interface RootTree {

    /** The tree's name as {@link RootFile#trees()} lists it, with any directory path ({@code "dir/tree"}). */
    String name();

    /** The tree's title. */
    String title();

    /** Number of entries. */
    long entries();

    /** Every top-level branch, in the tree's order, including those that cannot be read. */
    List<RootBranch> branches();

    /** The branch of that name. */
    Optional<RootBranch> branch(String name);

    /**
     * A cursor over every branch from entry 0.
     *
     * @throws UnsupportedRootException when a branch cannot be read; its message names each such branch and what
     *         it is. Pick the readable ones with {@link #cursor(Collection, long)} to read the rest.
     */
    EntryCursor cursor() throws IOException;

    /** A cursor over the named branches, from entry 0. */
    EntryCursor cursor(Collection<String> branches) throws IOException;

    /**
     * A cursor over the named branches, positioned so that its first {@link EntryCursor#next()} reads entry
     * {@code firstEntry}: the way to resume after a restart. Columns keep the order given.
     *
     * @throws IllegalArgumentException if a name is not a branch of this tree, or {@code firstEntry} is outside
     *         {@code 0..entries()}
     * @throws UnsupportedRootException if a named branch cannot be read
     */
    EntryCursor cursor(Collection<String> branches, long firstEntry) throws IOException;
}

package org.snoplus.snoop.root;

import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One top-level branch of a tree, as its metadata describes it. Every branch of a tree is listed, also those
 * this reader cannot read: {@link #unsupportedReason()} then says what they are.
 */
@ProviderType
public interface RootBranch {

    /** The branch name, unique in its tree. */
    String name();

    /** The branch title, e.g. {@code "px[n]/F"}. */
    String title();

    /** The ROOT class of the branch: {@code TBranch} for the flat branches read here, else e.g. {@code TBranchElement}. */
    String className();

    /** Whether entries of this branch can be read. */
    default boolean isSupported() {
        return unsupportedReason().isEmpty();
    }

    /** Why this branch cannot be read, e.g. {@code "an object branch of class vector<vector<double> > (TBranchElement)"}. */
    Optional<String> unsupportedReason();

    /** The value type; {@code null} when the branch is not {@linkplain #isSupported() supported}. */
    LeafType type();

    /** The shape per entry; {@code null} when the branch is not supported. */
    BranchShape shape();

    /**
     * Values per entry of a {@link BranchShape#FIXED_ARRAY} (all dimensions multiplied), 1 for a scalar, and for a
     * {@link BranchShape#VARIABLE_ARRAY} the values per unit of its counter (3 for {@code x[n][3]}).
     */
    int fixedLength();

    /** The branch holding the counter of a {@link BranchShape#VARIABLE_ARRAY}, e.g. {@code "n"} for {@code x[n]/F}. */
    Optional<String> counter();

    /** Entries this branch holds in the file. */
    long entries();

    /** A short human description: {@code float}, {@code int32[3]}, {@code double[n]}, {@code string}, or what an unsupported branch is. */
    String describe();
}

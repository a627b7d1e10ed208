package org.snoplus.snoop.root;

/** How many values a branch holds per entry. */
public enum BranchShape {
    /** One value per entry ({@code x/F}); also every {@link LeafType#STRING} branch: one string per entry. */
    SCALAR,
    /** The same number of values in every entry ({@code x[3]/F}, {@code x[15][2]/F} flattened). */
    FIXED_ARRAY,
    /** A number of values given per entry by a counter branch ({@code x[n]/F}, {@code x[n][3]/F} flattened). */
    VARIABLE_ARRAY
}

package org.snoplus.snoop.root;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Reads entries of a tree one by one over a fixed set of branches, the <em>columns</em>, addressed by index
 * for speed ({@link #column(String)} once, then the index in the loop).
 *
 * <p>Reading is basket by basket: each column keeps the uncompressed basket that holds the current entry in a
 * reused byte array, and the getters decode values straight from it, so that iterating allocates nothing per
 * entry (except {@link #toMap()} and {@link #getString(int)}, which build objects by nature). Not thread-safe:
 * one cursor per thread.
 *
 * <pre>{@code
 * try (EntryCursor c = tree.cursor(List.of("nhits", "energy", "pmt"), resumeAt)) {
 *     int nhits = c.column("nhits"), energy = c.column("energy"), pmt = c.column("pmt");
 *     while (c.next()) {
 *         long n = c.getLong(nhits);
 *         double e = c.getDouble(energy);
 *         for (int i = 0; i < c.length(pmt); i++) use(c.getInt(pmt, i));
 *     }
 * }
 * }</pre>
 *
 * <p><b>Failures.</b> When the basket holding the next entry of a column cannot be read, {@link #next()}
 * throws a {@link RootException} naming the file, branch, basket and offset, and the cursor stays on that
 * entry without values; the next call to {@code next()} moves on to the following entry (a basket that failed
 * once is not decompressed again: its other entries fail at once with the same exception). So a caller that
 * counts and skips bad entries simply catches and continues.
 *
 * <p><b>Getters.</b> The scalar getters take a column of {@link BranchShape#SCALAR} shape; the indexed ones
 * take any column, index {@code 0..length(col)-1}. {@code getDouble} reads every numeric type (unsigned
 * 64-bit values as their unsigned magnitude); {@code getLong} every integer type and bool (unsigned values
 * zero-extended; {@code UINT64} as its two's-complement bits); {@code getInt} integer types of at most 32
 * bits except {@code UINT32}; {@code getFloat} only {@code FLOAT}; {@code getBoolean} only {@code BOOL}.
 * A getter on a type it does not read throws {@link IllegalStateException}.
 */
@ProviderType
public interface EntryCursor extends Closeable {

    /** The tree this cursor reads. */
    RootTree tree();

    /** The columns, in index order. */
    List<RootBranch> columns();

    /** The index of a column, for the getters. @throws IllegalArgumentException if the branch is not a column */
    int column(String branch);

    /**
     * Moves to the next entry and reads the baskets it needs.
     *
     * @return false when there is no further entry
     * @throws RootException when a basket of the entry cannot be read (the cursor moves past it next time)
     */
    boolean next() throws IOException;

    /** The current entry number: -1 before the first {@link #next()}, {@link RootTree#entries()} at the end. */
    long entry();

    /** Positions the cursor so that the next {@link #next()} reads {@code entry} (0..entries). */
    void seek(long entry);

    /** Values of a column in the current entry: 1 for a scalar or string, the array length otherwise. */
    int length(int col);

    boolean getBoolean(int col);

    int getInt(int col);

    long getLong(int col);

    float getFloat(int col);

    double getDouble(int col);

    /** The string of a {@link LeafType#STRING} column, decoded as UTF-8. */
    String getString(int col);

    boolean getBoolean(int col, int index);

    int getInt(int col, int index);

    long getLong(int col, int index);

    float getFloat(int col, int index);

    double getDouble(int col, int index);

    /** Copies the current values of a numeric column into {@code dst} from {@code offset}; returns how many. */
    int readDoubles(int col, double[] dst, int offset);

    /** Copies the current values of a {@code FLOAT} column into {@code dst} from {@code offset}; returns how many. */
    int readFloats(int col, float[] dst, int offset);

    /** Copies the current values of an integer or bool column into {@code dst} from {@code offset}; returns how many. */
    int readLongs(int col, long[] dst, int offset);

    /**
     * The current entry as a new map from branch name to value, in column order. Scalars: {@code Boolean} for
     * bool, {@code Long} for every integer type, {@code Double} for float and double (a float widened exactly),
     * {@code String} for strings. Arrays, fixed and variable: {@code boolean[]}, {@code long[]} (integers) or
     * {@code double[]} (floating point), so that a consumer meets only three array types whatever the leaf
     * width, and they serialise as JSON arrays as they are. Unsigned integers are zero-extended; a
     * {@code UINT64} at or above 2<sup>63</sup> appears as a negative {@code Long} (its bits), the only lossy case.
     */
    Map<String, Object> toMap();

    /** Like {@link #toMap()} but puts the values into a map the caller reuses. */
    void toMap(Map<String, Object> target);

    /** Releases the cursor's buffers and decompressors; the file stays open. */
    @Override
    void close();
}

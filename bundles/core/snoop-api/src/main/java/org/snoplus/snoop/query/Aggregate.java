package org.snoplus.snoop.query;

import java.util.Map;

/**
 * The answer to an {@link AggregateQuery}: each field merged over the documents of the range or
 * the run, by the shape of its values ({@code org.snoplus.snoop.document.Shapes}):
 * <ul>
 * <li>a histogram: counts, underflow and overflow summed; the edges must be the same in every
 * document, else the question is refused with a message naming the field;</li>
 * <li>values indexed by detector elements ({@code channels}, {@code cards}, {@code crates}) and
 * plain arrays of numbers: integer counts summed element by element (a detector map over a range
 * or a run; divide by the merged event count for occupancies); floating-point values averaged over
 * time element by element; the same length is required;</li>
 * <li>moments: merged exactly (count, mean and RMS of all the values);</li>
 * <li>a number: {@code {"shape": "merged", "count": documents that had it, "sum", "mean", "min",
 * "max"}} — {@code sum} is the total of a count, {@code mean} the mean over time (each document
 * weighted by its window's length, as an RRD averages: a window without events counts with its
 * 0), {@code min} and {@code max} of the documents' values;</li>
 * <li>an object without a shape: merged key by key;</li>
 * <li>text, booleans, tables and other lists: the newest document's value.</li>
 * </ul>
 * A field that no document has is null. A value that cannot be merged with the others (another
 * shape, other histogram edges, another array length, counts in some documents and measured
 * values in others) fails the question with an {@link IllegalArgumentException} naming the field
 * and the two documents' times.
 *
 * <p>A window that straddles a run change counts for the run its document is stamped with.
 *
 * @param name the processor
 * @param from start of the range covered, ms since the epoch; for a run without a range, the
 *        sample time of its first document ({@code Long.MIN_VALUE} when it has none)
 * @param to end of the range covered (exclusive); for a run without a range, one past the sample
 *        time of its last document
 * @param run the run asked for, or null
 * @param documents how many documents were merged
 * @param data each field asked for (the whole {@code data} object under {@code "data"} when none
 *        was), by its path, to its merged value
 */
public record Aggregate(String name, long from, long to, Long run, long documents, Map<String, Object> data) {
}

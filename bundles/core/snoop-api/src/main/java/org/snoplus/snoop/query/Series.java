package org.snoplus.snoop.query;

import java.util.List;

/**
 * The answer to a {@link SeriesQuery}: one point per kept document (or per bucket when
 * down-sampled), in ascending time.
 *
 * <p>When down-sampled, the range is cut into {@code maxPoints} equal buckets; a bucket's point
 * has the time of its first document, the mean of each numeric field over the bucket's
 * documents, and for other values (histograms, strings) the value of the bucket's last document.
 *
 * @param name the processor
 * @param fields the fields, in the order of each point's values
 * @param times sample time of each point, ms since the epoch
 * @param values for each point, the values of the fields (null where a document lacks one)
 * @param documents documents in the range that passed the cuts
 * @param downsampled whether points are buckets rather than documents
 */
public record Series(String name, List<String> fields, long[] times, List<Object[]> values, long documents,
        boolean downsampled) {
}

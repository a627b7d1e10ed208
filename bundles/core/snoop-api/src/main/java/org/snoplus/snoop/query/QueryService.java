package org.snoplus.snoop.query;

import java.util.List;
import java.util.function.Consumer;

import org.osgi.annotation.versioning.ProviderType;
import org.snoplus.snoop.document.SampleDocument;

/**
 * The questions the web pages and the REST API ask, answered the same way from any
 * {@link DocumentStore}. Repeated questions are answered from a cache that is dropped as soon as
 * the store's {@link DocumentStore#version} of a processor involved changes; the same question
 * asked by several callers at once is worked out once.
 *
 * <p>Every question has {@link QueryLimits}: a time limit, a budget for its answer, and a way to
 * call it off. The methods without them use the service's configured limits.
 */
@ProviderType
public interface QueryService {

    /** The newest document of {@code name}, or null. */
    SampleDocument latest(String name) throws StoreException;

    /** A field of the newest document of {@code name} (dotted path), or null. */
    Object latest(String name, String field) throws StoreException;

    /** Fields of one processor over a range, with cuts and down-sampling, within the configured limits. */
    Series series(SeriesQuery query) throws StoreException;

    /**
     * Fields of one processor over a range, with cuts and down-sampling.
     *
     * @throws AnswerTooLargeException if the answer would exceed {@code limits.maxBytes()}
     * @throws QueryStoppedException if the time limit passed or the question was called off
     * @since 1.1
     */
    Series series(SeriesQuery query, QueryLimits limits) throws StoreException;

    /**
     * Fields of one processor merged over a range or a run, within the configured limits.
     *
     * @since 1.1
     */
    Aggregate aggregate(AggregateQuery query) throws StoreException;

    /**
     * Fields of one processor merged over a range or a run ({@link Aggregate} says how).
     *
     * @throws IllegalArgumentException if a field's values cannot be merged (naming it)
     * @throws AnswerTooLargeException if the answer would exceed {@code limits.maxBytes()}
     * @throws QueryStoppedException if the time limit passed or the question was called off
     * @since 1.1
     */
    Aggregate aggregate(AggregateQuery query, QueryLimits limits) throws StoreException;

    /** The whole documents of {@code name} in {@code [from, to)}, at most {@code limit} (the newest). */
    List<SampleDocument> documents(String name, long from, long to, int limit) throws StoreException;

    /**
     * The whole documents of {@code name} in {@code [from, to)}, at most {@code limit} (the newest),
     * handed to {@code sink} one by one in ascending time, never held together. The size of the
     * answer is estimated before the first document goes out.
     *
     * @return how many documents went to {@code sink}
     * @throws AnswerTooLargeException before any document, if they would exceed {@code limits.maxBytes()}
     * @throws QueryStoppedException if the time limit passed or the question was called off
     * @since 1.1
     */
    long documents(String name, long from, long to, int limit, QueryLimits limits, Consumer<SampleDocument> sink)
            throws StoreException;

    /** The processors that have documents. */
    List<String> names() throws StoreException;

    /** The name of the store being read. */
    String store();
}

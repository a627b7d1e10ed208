package org.snoplus.snoop.query;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;
import org.snoplus.snoop.document.SampleDocument;

/**
 * The questions the web pages and the REST API ask, answered the same way from any
 * {@link DocumentStore}. Repeated questions are answered from a cache that is dropped as soon as
 * the store's {@link DocumentStore#version} of a processor involved changes.
 */
@ProviderType
public interface QueryService {

    /** The newest document of {@code name}, or null. */
    SampleDocument latest(String name) throws StoreException;

    /** A field of the newest document of {@code name} (dotted path), or null. */
    Object latest(String name, String field) throws StoreException;

    /** Fields of one processor over a range, with cuts and down-sampling. */
    Series series(SeriesQuery query) throws StoreException;

    /** The whole documents of {@code name} in {@code [from, to)}, at most {@code limit} (the newest). */
    List<SampleDocument> documents(String name, long from, long to, int limit) throws StoreException;

    /** The processors that have documents. */
    List<String> names() throws StoreException;

    /** The name of the store being read. */
    String store();
}

package org.snoplus.snoop.alarm;

import java.util.List;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;
import org.snoplus.snoop.query.StoreException;

/**
 * Reference histograms and the checks against them (as ALICE QC and CMS DQM do): a histogram field
 * saved from a good run, and the quality of every new document's histogram compared with it by
 * the rules that name it.
 */
@ProviderType
public interface ReferenceService {

    /**
     * Saves the histogram {@code field} of {@code processor}, summed over run {@code run} (or, when
     * {@code run} is null, over {@code [from, to)}), as the reference {@code name}, replacing one of
     * that name.
     *
     * @throws IllegalArgumentException if the name is not allowed, the field is no histogram, or no
     *         document has it (the message says which)
     * @throws StoreException when the store cannot be read
     */
    Reference save(String name, String processor, String field, Long run, long from, long to) throws StoreException;

    /** The references saved. */
    List<Reference> references();

    /** The reference {@code name} as a histogram ({@code Shapes.histogram}), or null. */
    Map<String, Object> histogram(String name);

    /** Removes the reference {@code name}; false if there was none. */
    boolean remove(String name);

    /** The latest quality of every check, by check (rule) name. */
    Map<String, Quality> quality();
}

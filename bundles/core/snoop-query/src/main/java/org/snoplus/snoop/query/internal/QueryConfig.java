package org.snoplus.snoop.query.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "snoop query service", description = "Answers the web pages' and the REST API's "
        + "questions (latest values, series of fields with cuts and down-sampling) from one store. PID snoop.query; "
        + "runs without a configuration file.")
@interface QueryConfig {

    @AttributeDefinition(name = "store", description = "The store to read: the snoop.store.name of a DocumentStore "
            + "service (embedded, couchdb...).")
    String store() default "embedded";

    @AttributeDefinition(name = "cache.entries", description = "How many answers are kept for repeated questions "
            + "(answers of more than 20000 points are not); 0 turns the cache off.")
    int cache_entries() default 256;
}

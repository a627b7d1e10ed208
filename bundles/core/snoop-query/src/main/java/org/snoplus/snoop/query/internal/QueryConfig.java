package org.snoplus.snoop.query.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "snoop query service", description = "Answers the web pages' and the REST API's "
        + "questions (latest values, series of fields with cuts and down-sampling, aggregates over a range or a run) "
        + "from one store. PID snoop.query; runs without a configuration file.")
@interface QueryConfig {

    @AttributeDefinition(name = "store", description = "The store to read: the snoop.store.name of a DocumentStore "
            + "service (embedded, couchdb...).")
    String store() default "embedded";

    @AttributeDefinition(name = "cache.mb", description = "Memory for answers kept for repeated questions, in MiB "
            + "(estimated as the answers' JSON size; an answer larger than an eighth of it is not kept; an answer not "
            + "asked for during a minute goes); 0 turns the cache off.")
    int cache_mb() default 32;

    @AttributeDefinition(name = "series.cache.mb", description = "Memory for the fields of processors' documents kept "
            + "column by column, so that a series asked for again over a range that moved on (a page of the last day) "
            + "reads only the documents added since, in MiB (about 17 bytes a document for one field, 9 for each more: "
            + "a day at a 2 s period, 4 fields, 2.3 MB). A question that would take more than a quarter is answered "
            + "from the store; processors not asked for during 10 minutes go; 0 turns it off.")
    int series_cache_mb() default 64;

    @AttributeDefinition(name = "answer.max.mb", description = "The budget of one answer asked for without limits of "
            + "its own (Java callers), in MiB of JSON. The REST API sets its own (snoop.web.api answer.max.mb).")
    int answer_max_mb() default 16;

    @AttributeDefinition(name = "timeout.ms", description = "The time limit of one question asked without limits of "
            + "its own (Java callers), ms; 0 for none. The REST API sets its own (snoop.web.api timeout.ms).")
    long timeout_ms() default 10_000;
}

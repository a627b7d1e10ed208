package org.snoplus.snoop.reader.couchdb.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "snoop CouchDB changes reader", description = "Follows a CouchDB database's _changes feed "
        + "(the old snoop's add_db) and publishes each new or changed document of the selected types as a record "
        + "(a Map of its fields). Factory PID snoop.reader.couchdb: conf/snoop.reader.couchdb-NAME.cfg makes a "
        + "reader named NAME.")
@interface CouchChangesReaderConfig {

    @AttributeDefinition(name = "url", description = "The server: http://HOST:5984")
    String url() default "http://127.0.0.1:5984";

    @AttributeDefinition(name = "database", description = "The database to follow.")
    String database();

    @AttributeDefinition(name = "username", description = "Basic authentication; empty: none.")
    String username() default "";

    @AttributeDefinition(name = "password.file", description = "A file of mode 0600 whose first line is the "
            + "password (a password is never taken from a configuration file); empty: none.")
    String password_file() default "";

    @AttributeDefinition(name = "password.env", description = "Or an environment variable holding it.")
    String password_env() default "";

    @AttributeDefinition(name = "since", description = "Where to start when there is no checkpoint: now (changes "
            + "from now on), 0 (the whole database), or a sequence the server gave.")
    String since() default "now";

    @AttributeDefinition(name = "types", description = "Document types to publish, comma-separated (the value of "
            + "type.field); empty: every document. Others are counted as skipped.")
    String types() default "";

    @AttributeDefinition(name = "type.field", description = "The field that tells a document's type.")
    String type_field() default "type";

    @AttributeDefinition(name = "limit", description = "Most changes asked for in one request (and published in one "
            + "batch).")
    int limit() default 500;

    @AttributeDefinition(name = "timeout.ms", description = "How long the server holds a request when nothing "
            + "changes (long polling).")
    int timeout_ms() default 10_000;

    @AttributeDefinition(name = "max.doc.kb", description = "A larger document is counted as malformed and skipped.")
    int max_doc_kb() default 1024;

    @AttributeDefinition(name = "max.response.mb", description = "A larger answer is cut off and asked for again "
            + "in smaller pieces (limit halved).")
    int max_response_mb() default 64;

    @AttributeDefinition(name = "reconnect.max.ms", description = "While the server cannot be reached, it is tried "
            + "again after 250 ms, doubling up to this.")
    int reconnect_max_ms() default 10_000;
}

package org.snoplus.snoop.store.couchdb.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "snoop CouchDB writer", description = "Writes every sample document to a CouchDB "
        + "database, spooling to disk while the database cannot be reached, and reads them back as the store "
        + "snoop.store.name=couchdb. Factory PID snoop.writer.couchdb: conf/snoop.writer.couchdb-NAME.cfg makes a "
        + "writer named NAME.")
@interface CouchDbWriterConfig {

    @AttributeDefinition(name = "url", description = "The CouchDB server, http://HOST:PORT (or https://, optionally "
            + "with a path prefix), without credentials: those go in username and password.file.")
    String url();

    @AttributeDefinition(name = "database", description = "The database, created if missing. A lowercase letter, "
            + "then lowercase letters, digits and _$()+-.")
    String database() default "snoop";

    @AttributeDefinition(name = "username", description = "For HTTP basic authentication; empty for none.")
    String username() default "";

    @AttributeDefinition(name = "password.file", description = "A file holding the user's password (its first "
            + "line), readable by its owner only (mode 0600, else rejected). The password is never a configuration "
            + "value: Config Admin and SCR show configuration to every bundle and in scr:info.")
    String password_file() default "";

    @AttributeDefinition(name = "password.env", description = "Instead of password.file: the name of an "
            + "environment variable of the snoop process holding the password.")
    String password_env() default "";

    @AttributeDefinition(name = "spool.dir", description = "Where documents wait while the database cannot take "
            + "them. Default ${snoop.data}/spool/NAME.")
    String spool_dir() default "";

    @AttributeDefinition(name = "spool.max.mb", description = "The spool's disk budget in MiB. Beyond it the "
            + "writer raises an alarm (an ERROR, at most once a minute, and snoop:status) but keeps spooling: no "
            + "document is dropped.")
    long spool_max_mb() default 1024;

    @AttributeDefinition(name = "batch", description = "Documents per _bulk_docs request.")
    int batch() default 500;

    @AttributeDefinition(name = "timeout.ms", description = "Connect and read timeout of a request in ms: a "
            + "database slower than this is treated as unreachable and documents are spooled.")
    int timeout_ms() default 10000;

    @AttributeDefinition(name = "read.timeout.ms", description = "How long a read of the store (the query service, "
            + "the web pages) waits for CouchDB's answer, in ms. A view answers once its index has caught up with the "
            + "database, which takes a while after many writes or a change of the design document.")
    int read_timeout_ms() default 60000;
}

package org.snoplus.snoop.store.replication.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "snoop CouchDB replication", description = "A continuous CouchDB replication of a database "
        + "to another server, kept as a document of the server's _replicator database. Factory PID snoop.replication: "
        + "conf/snoop.replication-NAME.cfg makes the replication NAME; deleting the file removes it.")
@interface ReplicationConfig {

    @AttributeDefinition(name = "url", description = "The CouchDB server that runs the replication (holds "
            + "_replicator), usually the one snoop writes to: http://HOST:5984")
    String url() default "http://127.0.0.1:5984";

    @AttributeDefinition(name = "username", description = "An admin of that server (writes _replicator); also used "
            + "to read the source when it is a database of that server.")
    String username() default "";

    @AttributeDefinition(name = "password.file", description = "A file of mode 0600 whose first line is the "
            + "password (a password is never taken from a configuration file); empty: none.")
    String password_file() default "";

    @AttributeDefinition(name = "password.env", description = "Or an environment variable holding it.")
    String password_env() default "";

    @AttributeDefinition(name = "source", description = "The database to copy: a name on url (snoop), or a URL.")
    String source() default "snoop";

    @AttributeDefinition(name = "target", description = "Where to: the URL of a database on the other server "
            + "(http://offsite:5984/snoop).")
    String target();

    @AttributeDefinition(name = "target.username", description = "Basic authentication at the target; empty: none.")
    String target_username() default "";

    @AttributeDefinition(name = "target.password.file", description = "A file of mode 0600 holding the target's "
            + "password; empty: none.")
    String target_password_file() default "";

    @AttributeDefinition(name = "target.password.env", description = "Or an environment variable holding it.")
    String target_password_env() default "";

    @AttributeDefinition(name = "continuous", description = "Keep following the source (false: copy once).")
    boolean continuous() default true;

    @AttributeDefinition(name = "create.target", description = "Create the target database if it is missing.")
    boolean create_target() default true;

    @AttributeDefinition(name = "check.s", description = "How often the replication document and its state are "
            + "checked (and put back if someone removed or changed it).")
    int check_s() default 30;
}

package org.snoplus.snoop.shell.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code conf/snoop.shell.cfg}: what {@code snoop shell} may do, and its bounds. */
@ObjectClassDefinition(name = "snoop shell",
        description = "The local socket behind 'snoop shell': only the user running the instance may connect.")
public @interface ShellConfig {

    @AttributeDefinition(name = "all.commands", description = "Every Gogo command (install, stop, configuration, "
            + "scripts). Off: the snoop: commands and the read-only lb, scr:list, scr:info and help only.")
    boolean all_commands() default false;

    @AttributeDefinition(name = "clients", description = "Connections served at once; one more is turned away "
            + "with a 'busy' answer.")
    int clients() default 8;

    @AttributeDefinition(name = "read.timeout.ms", description = "A connection that has not sent its command "
            + "within this time is answered with an error and closed.")
    long read_timeout_ms() default 5000;

    @AttributeDefinition(name = "command.timeout.ms", description = "A command still running after this time is "
            + "interrupted and its connection closed.")
    long command_timeout_ms() default 60_000;
}

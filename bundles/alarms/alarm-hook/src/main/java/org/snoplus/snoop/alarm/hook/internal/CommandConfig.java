package org.snoplus.snoop.alarm.hook.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code conf/snoop.notifier.command-NAME.cfg}. */
@ObjectClassDefinition(name = "snoop alarm command hook", description = "Runs a program for each alarm notification.")
@interface CommandConfig {

    @AttributeDefinition(name = "command", description = "The program, an absolute path (run without a shell).")
    String command() default "";

    @AttributeDefinition(name = "args", description = "Its arguments, separated by spaces (no quoting: a program of "
            + "yours reads the rest from its input).")
    String args() default "";

    @AttributeDefinition(name = "timeout.s", description = "A run longer than this is killed and counts as failed.",
            min = "1")
    int timeout_s() default 30;
}

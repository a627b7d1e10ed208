package org.snoplus.snoop.alarm.mail.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code conf/snoop.notifier.mail-NAME.cfg}: one list of recipients and the SMTP server that reaches them. */
@ObjectClassDefinition(name = "snoop alarm e-mail", description = "Alarm notifications by e-mail over SMTP.")
@interface MailConfig {

    @AttributeDefinition(name = "host", description = "The SMTP server.")
    String host() default "127.0.0.1";

    @AttributeDefinition(name = "port", description = "Its port (25; 587 with starttls; 465 with ssl).", min = "1",
            max = "65535")
    int port() default 25;

    @AttributeDefinition(name = "from", description = "The sender's address.")
    String from() default "snoop@localhost";

    @AttributeDefinition(name = "to", description = "Recipients, separated by commas.")
    String to() default "";

    @AttributeDefinition(name = "subject.prefix", description = "Put before every subject.")
    String subject_prefix() default "";

    @AttributeDefinition(name = "username", description = "For SMTP authentication (empty: none).")
    String username() default "";

    @AttributeDefinition(name = "password.file", description = "A file of mode 0600 whose first line is the SMTP "
            + "password.")
    String password_file() default "";

    @AttributeDefinition(name = "password.env", description = "An environment variable holding the SMTP password.")
    String password_env() default "";

    @AttributeDefinition(name = "starttls", description = "Require STARTTLS.")
    boolean starttls() default false;

    @AttributeDefinition(name = "ssl", description = "Connect with TLS from the start (SMTPS).")
    boolean ssl() default false;

    @AttributeDefinition(name = "timeout.ms", description = "Connecting, reading and writing each give up after this.",
            min = "100")
    int timeout_ms() default 10000;
}

package org.snoplus.snoop.alarm.web.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** {@code conf/snoop.web.alarms.cfg}. */
@ObjectClassDefinition(name = "snoop alarms on the web", description = "The alarms' REST endpoints and the pages' banner.")
@interface WebAlarmsConfig {

    @AttributeDefinition(name = "path.prefix", description = "The REST API's path prefix (as in snoop.web.api.cfg).")
    String path_prefix() default "";

    @AttributeDefinition(name = "token.file", description = "A file of mode 0600 whose first line is the token that "
            + "acknowledging and silencing need. Empty: alarms.token in the configuration directory.")
    String token_file() default "";
}

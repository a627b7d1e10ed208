package org.snoplus.snoop.web.api.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "snoop web API", description = "The REST API over the query service: /api/v1/..., "
        + "woodstock's /proc/... and /api/openapi.json. PID snoop.web.api (conf/snoop.web.api.cfg). The address and "
        + "port are Felix HTTP's: framework properties org.apache.felix.http.host and org.osgi.service.http.port.")
@interface WebApiConfig {

    @AttributeDefinition(name = "path.prefix", description = "Put in front of every path: /snoop serves "
            + "/snoop/api/v1/... and /snoop/proc/.... Empty (the default) serves /api and /proc at the root.")
    String path_prefix() default "";

    @AttributeDefinition(name = "max.points", description = "At most this many points in a series (a longer range "
            + "is down-sampled) and documents in one answer; a larger points or limit parameter is lowered to it.")
    int max_points() default 5000;

    @AttributeDefinition(name = "cors.origins", description = "Web origins (https://host[:port]) whose pages may "
            + "read the API from a browser; * for any. None by default: only pages served from the same address.")
    String[] cors_origins() default {};
}

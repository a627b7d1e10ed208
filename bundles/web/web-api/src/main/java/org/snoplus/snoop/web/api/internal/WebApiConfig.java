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

    @AttributeDefinition(name = "answer.max.mb", description = "The budget of one answer, in MiB of JSON: a question "
            + "whose answer would be larger is refused (400) naming the parameter to narrow (limit, points, fields, "
            + "from) and the budget. Answers are streamed, so it bounds the bytes sent, not only the memory.")
    int answer_max_mb() default ApiSettings.DEFAULT_ANSWER_MB;

    @AttributeDefinition(name = "timeout.ms", description = "The time limit of one request: the work stops when it "
            + "passes (503, with Retry-After) or when the client goes away while the answer is sent.")
    long timeout_ms() default ApiSettings.DEFAULT_TIMEOUT_MS;

    @AttributeDefinition(name = "workers", description = "Heavy requests (series, aggregates, documents and "
            + "woodstock ranges over more than an hour or over a run) worked on at once; twice as many of the light "
            + "ones (latest values, the last hour, the list of processors). A request that finds them all busy for "
            + "250 ms is answered 503 with Retry-After: 1.")
    int workers() default ApiSettings.DEFAULT_WORKERS;

    @AttributeDefinition(name = "cors.origins", description = "Web origins (https://host[:port]) whose pages may "
            + "read the API from a browser; * for any. None by default: only pages served from the same address.")
    String[] cors_origins() default {};
}

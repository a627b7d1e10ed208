package org.snoplus.snoop.web.dashboard.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "snoop dashboard", description = "Markdown pages with tags, drawn in the browser from "
        + "the REST API, live through server-sent events. PID snoop.web.dashboard (conf/snoop.web.dashboard.cfg). "
        + "The address and port are Felix HTTP's, shared with the REST API.")
@interface DashboardConfig {

    @AttributeDefinition(name = "dir", description = "The directory of the pages (NAME.md is served at /NAME, "
            + "index.md at /). Empty: dashboards/ in the project's root (the framework property snoop.root).")
    String dir() default "";

    @AttributeDefinition(name = "path.prefix", description = "Put in front of every page's path: /snoop serves "
            + "/snoop/, /snoop/overview... Empty (the default) serves the pages at the root.")
    String path_prefix() default "";

    @AttributeDefinition(name = "api.prefix", description = "Where the REST API is (its path.prefix): the pages "
            + "read PREFIX/api/v1/....")
    String api_prefix() default "";

    @AttributeDefinition(name = "max.file.kb", description = "A page file larger than this is not read; its page "
            + "says so.")
    int max_file_kb() default 256;

    @AttributeDefinition(name = "max.tags", description = "Tags per page; the ones beyond are shown as errors.")
    int max_tags() default 100;

    @AttributeDefinition(name = "max.pages", description = "Pages listed in the navigation bar and kept parsed.")
    int max_pages() default 200;

    @AttributeDefinition(name = "max.points", description = "The most points a plot may ask for (points=); keep it "
            + "at most the REST API's max.points.")
    int max_points() default 5000;

    @AttributeDefinition(name = "stale.periods", description = "A value or plot is marked stale when its newest "
            + "sample is older than this many sample periods.")
    int stale_periods() default 3;

    @AttributeDefinition(name = "live.clients", description = "Open pages that may follow the live stream at once; "
            + "more are answered 503 and retry.")
    int live_clients() default 64;

    @AttributeDefinition(name = "live.queue", description = "Messages waiting for one page; when full, its oldest "
            + "are dropped (the page re-reads what it missed).")
    int live_queue() default 256;

    @AttributeDefinition(name = "live.queue.kb", description = "Bytes waiting for one page, at most.")
    int live_queue_kb() default 4096;

    @AttributeDefinition(name = "live.fields", description = "Fields one page may follow.")
    int live_fields() default 256;

    @AttributeDefinition(name = "live.heartbeat.s", description = "A comment is sent to each page this often when "
            + "there is nothing else, so that a dead connection is found and proxies keep it open.")
    int live_heartbeat_s() default 15;

    @AttributeDefinition(name = "live.stuck.s", description = "A page that has taken no byte for this long while "
            + "messages wait is disconnected.")
    int live_stuck_s() default 60;

    @AttributeDefinition(name = "warm.up", description = "After a start, read once in the background the series "
            + "the pages plot over time (each processor's fields over at least the last day), so that the first "
            + "page opened after a restart is drawn as fast as later ones.")
    boolean warm_up() default true;
}

package org.snoplus.snoop.web.dashboard.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The tags a page can use: their names, what they take, and an example for the error box. The
 * language is documented for the pages' authors in {@code dashboards/README.md}.
 */
enum TagKind {
    VALUE("value", 1, 1, Set.of("unit", "format", "label"), Set.of(), false,
            "{{ value rate.data.rate unit=Hz format=.1f }}"),
    TIMESERIES("timeseries", 1, 8, Set.of("range", "from", "to", "cut", "title", "unit", "height", "points", "ymin",
            "ymax", "labels"), Set.of("log"), true,
            "{{ timeseries rate.data.rate rate.data.peak range=-1h title=\"Event rate\" unit=Hz }}"),
    HISTOGRAM("histogram", 1, 1, Set.of("range", "from", "to", "run", "title", "unit", "height"), Set.of("log"), true,
            "{{ histogram nhit.data.hist }} (the newest), {{ histogram nhit.data.hist range=-1h }} or "
                    + "{{ histogram nhit.data.hist run=current log }} (summed)"),
    SCATTER("scatter", 2, 2, Set.of("range", "from", "to", "cut", "title", "height", "points"), Set.of("logx", "logy"),
            true, "{{ scatter rate.data.rate nhit.data.mean range=-6h }} (x then y)"),
    SPARKLINE("sparkline", 1, 1, Set.of("range", "unit", "format", "label"), Set.of(), false,
            "{{ sparkline rate.data.rate range=-30m unit=Hz }}"),
    SPARKLINES("sparklines", 1, 12, Set.of("range", "format", "labels"), Set.of(), true,
            "{{ sparklines rate.data.rate nhit.data.mean host.data.cpu.process.load range=-30m }}"),
    LINK("link", 1, 100, Set.of("text"), Set.of(), false,
            "{{ link histogram nhit.data.hist_run text=\"NHIT of the run\" }} (any plot tag after link)"),
    DETECTORMAP("detectormap", 1, 1, Set.of("per", "range", "from", "to", "run", "title", "unit", "min", "max",
            "height"), Set.of("log"), true,
            "{{ detectormap occupancy.data.window.channels }} or "
                    + "{{ detectormap occupancy.data.channels per=occupancy.data.events range=-1h }}"),
    TABLE("table", 1, 1, Set.of("fields", "title"), Set.of(), true,
            "{{ table runstats }} (the newest document) or {{ table triggers.data.triggers }} (a table field)"),
    ALARMS("alarms", 0, 0, Set.of(), Set.of(), true, "{{ alarms }}"),
    HEARTBEAT("heartbeat", 0, 0, Set.of(), Set.of(), true, "{{ heartbeat }}");

    final String tag;
    final int minWords;
    final int maxWords;
    final Set<String> keys;
    final Set<String> flags;
    /** Whether it draws a box of its own (a plot, a table) rather than a few words in a sentence. */
    final boolean block;
    final String example;

    TagKind(String tag, int minWords, int maxWords, Set<String> keys, Set<String> flags, boolean block,
            String example) {
        this.tag = tag;
        this.minWords = minWords;
        this.maxWords = maxWords;
        this.keys = keys;
        this.flags = flags;
        this.block = block;
        this.example = example;
    }

    static TagKind of(String name) throws TagException {
        for (TagKind k : values()) {
            if (k.tag.equals(name)) {
                return k;
            }
        }
        String near = Suggest.nearest(name, names());
        throw new TagException("there is no tag '" + name + "'" + (near == null ? "" : "; did you mean " + near + "?"),
                "the tags are " + String.join(", ", names()) + " (see the help page)");
    }

    static List<String> names() {
        return Arrays.stream(values()).map(k -> k.tag).toList();
    }

    /** The plots a {@code link} opens full size. */
    boolean isPlot() {
        return this == TIMESERIES || this == HISTOGRAM || this == SCATTER || this == DETECTORMAP || this == TABLE
                || this == SPARKLINES;
    }
}

package org.snoplus.snoop.web.dashboard.internal;

import java.util.List;
import java.util.Map;

/**
 * A tag understood: what the page's script draws ({@link #config}, handed to it as JSON) and what
 * the data must hold for it to work ({@link #needs}, checked against the newest documents before the
 * page is sent, so that a misspelt field is told at once rather than drawn as an empty plot).
 *
 * @param kind the tag
 * @param config the settings for the page's script: every key is documented in {@code snoop.js}
 * @param needs the fields it reads and what they must be
 * @param processors processors it reads from without a particular field (cuts, tables)
 */
record Widget(TagKind kind, Map<String, Object> config, List<Need> needs, List<String> processors) {

    /** What a field must hold. */
    enum Expect {
        /** a number, text or true/false */
        SCALAR("a single value (a number, text or true/false)"),
        /** a number (true/false is drawn as 1/0) */
        NUMBER("a number"),
        /** {"shape": "histogram", ...} */
        HISTOGRAM("a histogram"),
        /** {"shape": "channels" | "cards" | "crates", ...}, or a list of 9728, 304 or 19 numbers */
        DETECTOR("values per channel, card or crate"),
        /** an object or a {"shape": "table"} */
        TABLE("an object or a table"),
        /** what a detector map is divided by: a number, or values of the map's shape */
        DIVISOR("a number, or values per channel, card or crate");

        final String what;

        Expect(String what) {
            this.what = what;
        }
    }

    /** A field the tag reads and what it must hold. */
    record Need(FieldRef field, Expect expect) {
    }
}

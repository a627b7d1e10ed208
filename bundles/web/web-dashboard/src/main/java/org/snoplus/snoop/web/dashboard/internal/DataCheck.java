package org.snoplus.snoop.web.dashboard.internal;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.web.dashboard.internal.Widget.Expect;
import org.snoplus.snoop.web.dashboard.internal.Widget.Need;

/**
 * Checks a page's widgets against the newest documents, so that a misspelt processor or field,
 * or a field of the wrong kind, is told in the tag's place with what there is instead. A processor
 * that is running but has not sampled yet is not an error: its tags wait for its first document.
 * One check serves one page: each processor's newest document is read once.
 */
final class DataCheck {

    /** The documents as far as the check needs them (the query service, and the running platform). */
    interface Lookup {
        /** The processors with documents. */
        List<String> names() throws Exception;

        /** The newest document of a processor, or null. */
        SampleDocument latest(String name) throws Exception;

        /** The processors running now, whether or not they have sampled (empty when unknown). */
        Set<String> running();
    }

    /** Paths looked at for suggestions, per document. */
    private static final int MAX_PATHS = 4000;
    private static final Set<Integer> DETECTOR_SIZES = Set.of(9728, 304, 19);

    private final Lookup lookup;
    private List<String> names;
    private final Map<String, SampleDocument> latest = new HashMap<>();

    DataCheck(Lookup lookup) {
        this.lookup = lookup;
    }

    /** Throws what is wrong with the widget's data, if anything; a store that cannot answer is not the tag's fault. */
    void check(Widget w) throws TagException {
        try {
            for (String p : w.processors()) {
                known(p);
            }
            for (Need n : w.needs()) {
                need(n);
            }
        } catch (TagException e) {
            throw e;
        } catch (Exception e) {
            // the store is unavailable: the page's script will say so where it cannot draw
        }
    }

    /** Whether the processor has documents to check against; throws if it neither has any nor runs. */
    private boolean known(String processor) throws Exception {
        if (names == null) {
            names = lookup.names();
        }
        if (names.contains(processor)) {
            return true;
        }
        if (lookup.running().contains(processor)) {
            return false;
        }
        List<String> all = new ArrayList<>(names);
        for (String r : lookup.running()) {
            if (!all.contains(r)) {
                all.add(r);
            }
        }
        all.sort(null);
        String near = Suggest.nearest(processor, all);
        throw new TagException("there is no processor '" + processor + "'" + (near == null ? "" : "; did you mean "
                + near + "?"), all.isEmpty() ? "no processor has sampled yet: deploy one, or wait a sample period"
                        : "the processors are " + String.join(", ", all));
    }

    private void need(Need n) throws Exception {
        FieldRef f = n.field();
        if (!known(f.processor())) {
            return;
        }
        SampleDocument doc = latest.get(f.processor());
        if (doc == null) {
            doc = lookup.latest(f.processor());
            if (doc == null) {
                return;
            }
            latest.put(f.processor(), doc);
        }
        Object v = Fields.resolve(doc, f.path());
        if (v == Fields.ABSENT) {
            List<Fields.Path> paths = Fields.paths(doc, MAX_PATHS);
            List<String> all = paths.stream().map(Fields.Path::path).toList();
            String near = Suggest.nearest(f.path(), all);
            throw new TagException("the newest document of " + f.processor() + " has no field " + f.path()
                    + (near == null ? "" : "; did you mean " + f.processor() + "." + near + "?"),
                    "fields of " + f.processor() + " that are " + n.expect().what + ": "
                            + list(f.processor(), paths, p -> fits(p.value(), n.expect())));
        }
        if (!fits(v, n.expect())) {
            List<Fields.Path> paths = Fields.paths(doc, MAX_PATHS);
            throw new TagException(f + " is " + Fields.kindOf(v) + ", not " + n.expect().what,
                    hint(v) + "fields of " + f.processor() + " that are " + n.expect().what + ": "
                            + list(f.processor(), paths, p -> fits(p.value(), n.expect())));
        }
    }

    private static String hint(Object v) {
        if (v instanceof Map<?, ?> m && "histogram".equals(m.get("shape"))) {
            return "draw a histogram with {{ histogram ... }}; ";
        }
        if (v instanceof Map<?, ?> m && m.get("shape") instanceof String s && Set.of("channels", "cards", "crates")
                .contains(s)) {
            return "draw values per channel, card or crate with {{ detectormap ... }}; ";
        }
        if (v instanceof Map<?, ?> && !(((Map<?, ?>) v).get("shape") instanceof String)) {
            return "show an object with {{ table ... }}, or pick one of its keys; ";
        }
        return "";
    }

    private static String list(String processor, List<Fields.Path> paths, Predicate<Fields.Path> fits) {
        List<String> names = new ArrayList<>();
        for (Fields.Path p : paths) {
            if (fits.test(p)) {
                if (names.size() == 12) {
                    names.add("…");
                    break;
                }
                names.add(processor + "." + p.path());
            }
        }
        return names.isEmpty() ? "none" : String.join(", ", names);
    }

    static boolean fits(Object v, Expect e) {
        boolean shaped = v instanceof Map<?, ?> m && m.get("shape") instanceof String;
        String shape = shaped ? (String) ((Map<?, ?>) v).get("shape") : null;
        switch (e) {
            case SCALAR:
                return v == null || v instanceof Number || v instanceof String || v instanceof Boolean;
            case NUMBER:
                return v == null || v instanceof Number || v instanceof Boolean;
            case HISTOGRAM:
                return "histogram".equals(shape);
            case DETECTOR:
                if (shaped) {
                    return Set.of("channels", "cards", "crates").contains(shape);
                }
                int size = v instanceof List<?> l ? l.size() : v != null && v.getClass().isArray() ? Array.getLength(v) : -1;
                return DETECTOR_SIZES.contains(size);
            case TABLE:
                return v instanceof Map<?, ?> && (!shaped || "table".equals(shape));
            case DIVISOR:
                return fits(v, Expect.NUMBER) || fits(v, Expect.DETECTOR);
            default:
                return false;
        }
    }
}

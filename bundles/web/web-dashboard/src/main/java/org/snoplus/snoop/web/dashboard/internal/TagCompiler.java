package org.snoplus.snoop.web.dashboard.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.snoplus.snoop.web.dashboard.internal.Widget.Expect;
import org.snoplus.snoop.web.dashboard.internal.Widget.Need;

/**
 * Turns a {@link TagCall} into a {@link Widget}, or says what is wrong with it
 * ({@link TagException}). Only the tag's own text is looked at here; the data is checked by
 * {@link DataCheck}.
 */
final class TagCompiler {

    static final int MIN_HEIGHT = 60;
    static final int MAX_HEIGHT = 2000;
    static final int DEFAULT_HEIGHT = 240;
    static final int DEFAULT_POINTS = 1000;
    static final long DEFAULT_RANGE_MS = 3_600_000;
    static final long DEFAULT_SPARK_RANGE_MS = 1_800_000;
    /** The most cuts one plot may have. */
    static final int MAX_CUTS = 8;

    private static final Pattern NUMBER = Pattern.compile("-?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?");
    private static final Pattern RUN = Pattern.compile("current|\\d{1,15}");

    /** Where the full-size page of a {@code link} is: the dashboard's path prefix. */
    private final String prefix;
    /** The most points a plot may ask for: the REST API's {@code max.points}. */
    private final int maxPoints;

    TagCompiler(String prefix, int maxPoints) {
        this.prefix = prefix;
        this.maxPoints = maxPoints;
    }

    Widget compile(TagCall call) throws TagException {
        TagKind kind = TagKind.of(call.name());
        if (kind == TagKind.LINK) {
            return link(call);
        }
        Args a = new Args(kind, call);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("tag", kind.tag);
        List<Need> needs = new ArrayList<>();
        List<String> processors = new ArrayList<>();
        switch (kind) {
            case VALUE -> {
                FieldRef f = a.field(0);
                c.put("field", f.toString());
                c.put("label", a.text("label"));
                c.put("unit", a.text("unit"));
                c.put("format", a.format());
                needs.add(new Need(f, Expect.SCALAR));
            }
            case SPARKLINE -> {
                FieldRef f = a.field(0);
                c.put("field", f.toString());
                c.put("label", a.text("label"));
                c.put("unit", a.text("unit"));
                c.put("format", a.format());
                c.put("span", a.range(DEFAULT_SPARK_RANGE_MS));
                needs.add(new Need(f, Expect.NUMBER));
            }
            case SPARKLINES -> {
                List<FieldRef> fields = a.fields();
                c.put("fields", names(fields));
                c.put("labels", a.labels(fields));
                c.put("format", a.format());
                c.put("span", a.range(DEFAULT_SPARK_RANGE_MS));
                fields.forEach(f -> needs.add(new Need(f, Expect.NUMBER)));
            }
            case TIMESERIES -> {
                List<FieldRef> fields = a.fields();
                c.put("fields", names(fields));
                c.put("labels", a.labels(fields));
                a.window(c, DEFAULT_RANGE_MS);
                c.put("cuts", a.cuts(processors));
                a.plot(c);
                c.put("unit", a.text("unit"));
                c.put("points", a.points(maxPoints));
                c.put("ymin", a.number("ymin"));
                c.put("ymax", a.number("ymax"));
                c.put("log", a.flag("log"));
                fields.forEach(f -> needs.add(new Need(f, Expect.NUMBER)));
            }
            case SCATTER -> {
                FieldRef x = a.field(0);
                FieldRef y = a.field(1);
                c.put("x", x.toString());
                c.put("y", y.toString());
                a.window(c, DEFAULT_RANGE_MS);
                c.put("cuts", a.cuts(processors));
                a.plot(c);
                c.put("points", a.points(maxPoints));
                c.put("logx", a.flag("logx"));
                c.put("logy", a.flag("logy"));
                needs.add(new Need(x, Expect.NUMBER));
                needs.add(new Need(y, Expect.NUMBER));
            }
            case HISTOGRAM -> {
                FieldRef f = a.field(0);
                c.put("field", f.toString());
                a.merge(c);
                a.plot(c);
                c.put("unit", a.text("unit"));
                c.put("log", a.flag("log"));
                needs.add(new Need(f, Expect.HISTOGRAM));
            }
            case DETECTORMAP -> {
                FieldRef f = a.field(0);
                c.put("field", f.toString());
                String per = a.text("per");
                if (per != null) {
                    FieldRef p = FieldRef.parse(per);
                    c.put("per", p.toString());
                    needs.add(new Need(p, Expect.DIVISOR));
                }
                a.merge(c);
                a.plot(c);
                c.put("unit", a.text("unit"));
                Double min = a.number("min");
                Double max = a.number("max");
                if (min != null && max != null && min >= max) {
                    throw new TagException("min=" + min + " is not below max=" + max,
                            "give a colour scale whose min is below its max, or leave them out (the data's own)");
                }
                c.put("min", min);
                c.put("max", max);
                c.put("log", a.flag("log"));
                needs.add(new Need(f, Expect.DETECTOR));
            }
            case TABLE -> {
                String w = a.word(0);
                if (w.indexOf('.') < 0) {
                    FieldRef.parse(w + ".data");
                    c.put("processor", w);
                    processors.add(w);
                } else {
                    FieldRef f = FieldRef.parse(w);
                    c.put("processor", f.processor());
                    c.put("field", f.toString());
                    needs.add(new Need(f, Expect.TABLE));
                }
                String fields = a.text("fields");
                if (fields != null) {
                    List<String> list = new ArrayList<>();
                    for (String s : fields.split(",")) {
                        if (!s.isBlank()) {
                            list.add(s.strip());
                        }
                    }
                    if (list.isEmpty() || list.size() > 200) {
                        throw new TagException("fields=" + fields + " names " + list.size() + " fields",
                                "list from 1 to 200 keys, separated by commas: fields=run,subrun,events");
                    }
                    c.put("fields", list);
                }
                c.put("title", a.text("title"));
            }
            case ALARMS, HEARTBEAT -> {
                // nothing to set: the first is filled by the alarms' script, the second by the platform's status
            }
            default -> throw new IllegalStateException(kind.toString());
        }
        a.done();
        if (kind.isPlot()) {
            c.put("full", plotPath(call.source()));
        }
        c.values().removeIf(v -> v == null || Boolean.FALSE.equals(v));
        return new Widget(kind, c, needs, processors);
    }

    /** {@code link TAG ARGS... text="..."}: an anchor to the tag drawn alone, full size. */
    private Widget link(TagCall call) throws TagException {
        if (call.words().isEmpty()) {
            throw new TagException("link needs the plot it opens", TagKind.LINK.example);
        }
        String text = call.single("text");
        StringBuilder inner = new StringBuilder(call.words().get(0));
        for (String w : call.words().subList(1, call.words().size())) {
            inner.append(' ').append(quote(w));
        }
        for (Map.Entry<String, List<String>> e : call.named().entrySet()) {
            if (e.getKey().equals("text")) {
                continue;
            }
            for (String v : e.getValue()) {
                inner.append(' ').append(e.getKey()).append('=').append(quote(v));
            }
        }
        TagCall target = TagCall.parse(inner.toString());
        TagKind kind = TagKind.of(target.name());
        if (!kind.isPlot()) {
            throw new TagException("link opens a plot or a table full size, not " + kind.tag,
                    TagKind.LINK.example);
        }
        Widget w = compile(target);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("tag", "link");
        c.put("href", plotPath(target.source()));
        c.put("text", text != null ? text : defaultText(w));
        return new Widget(TagKind.LINK, c, w.needs(), w.processors());
    }

    /** The page that draws one tag full size. */
    String plotPath(String tagSource) {
        return prefix + "/-/plot?tag=" + URLEncoder.encode(tagSource, StandardCharsets.UTF_8);
    }

    private static String defaultText(Widget w) {
        Object title = w.config().get("title");
        if (title != null) {
            return title.toString();
        }
        Object field = w.config().containsKey("field") ? w.config().get("field") : w.config().get("fields");
        return w.kind().tag + " of " + (field instanceof List<?> l ? String.join(", ", l.stream().map(Object::toString)
                .toList()) : String.valueOf(field != null ? field : w.config().get("processor")));
    }

    private static String quote(String v) {
        if (!v.isEmpty() && v.chars().noneMatch(ch -> ch == ' ' || ch == '"' || ch == '\\')) {
            return v;
        }
        return "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static List<String> names(List<FieldRef> fields) {
        return fields.stream().map(FieldRef::toString).toList();
    }

    /** A tag's arguments, each taken once; {@link #done} refuses whatever was not taken. */
    private static final class Args {
        private final TagKind kind;
        private final TagCall call;
        private final List<String> words = new ArrayList<>();
        private final Set<String> flagsGiven = new TreeSet<>();

        Args(TagKind kind, TagCall call) throws TagException {
            this.kind = kind;
            this.call = call;
            for (String key : call.named().keySet()) {
                if (!kind.keys.contains(key)) {
                    String near = Suggest.nearest(key, kind.keys);
                    throw new TagException(kind.tag + " takes no " + key + "="
                            + (near == null ? "" : " (did you mean " + near + "=?)"),
                            kind.keys.isEmpty() ? kind.tag + " takes nothing: " + kind.example
                                    : kind.tag + " takes " + String.join(", ", new TreeSet<>(kind.keys)) + ": "
                                            + kind.example);
                }
                if (!key.equals("cut") && call.named().get(key).size() > 1) {
                    throw new TagException(key + "= is given " + call.named().get(key).size() + " times",
                            "give " + key + "= once");
                }
            }
            for (String w : call.words()) {
                if (kind.flags.contains(w)) {
                    if (!flagsGiven.add(w)) {
                        throw new TagException(w + " is given twice", "give " + w + " once");
                    }
                } else {
                    words.add(w);
                }
            }
            if (words.size() < kind.minWords || words.size() > kind.maxWords) {
                String what = kind.maxWords == 0 ? "takes no field"
                        : kind.minWords == kind.maxWords ? "takes " + count(kind.minWords)
                        : "takes " + kind.minWords + " to " + kind.maxWords + " fields";
                String extra = "";
                if (words.size() > kind.maxWords && !words.isEmpty()) {
                    String last = words.get(words.size() - 1);
                    String near = Suggest.nearest(last, kind.flags);
                    extra = near != null ? " ('" + last + "': did you mean " + near + "?)"
                            : last.indexOf('.') < 0 && !kind.flags.isEmpty()
                                    ? " ('" + last + "' is not one of its words: " + String.join(", ", kind.flags) + ")"
                                    : "";
                }
                throw new TagException(kind.tag + " " + what + ", not " + words.size() + extra, kind.example);
            }
        }

        private String count(int n) {
            return n == 1 ? (kind == TagKind.TABLE ? "one processor or field" : "one field") : n + " fields";
        }

        String word(int i) {
            return words.get(i);
        }

        FieldRef field(int i) throws TagException {
            return FieldRef.parse(words.get(i));
        }

        List<FieldRef> fields() throws TagException {
            List<FieldRef> list = new ArrayList<>();
            for (String w : words) {
                list.add(FieldRef.parse(w));
            }
            return list;
        }

        boolean flag(String name) {
            return flagsGiven.contains(name);
        }

        String text(String key) throws TagException {
            String v = call.single(key);
            if (v != null && v.length() > 200) {
                throw new TagException(key + "= is " + v.length() + " characters long", "keep " + key
                        + "= under 200 characters");
            }
            return v;
        }

        String format() throws TagException {
            String f = text("format");
            return f == null ? null : Formats.check(f);
        }

        Double number(String key) throws TagException {
            String v = call.single(key);
            if (v == null) {
                return null;
            }
            if (!NUMBER.matcher(v).matches()) {
                throw new TagException(key + "=" + v + " is not a number", "write a number: " + key + "=0.5");
            }
            return Double.valueOf(v);
        }

        long range(long otherwise) throws TagException {
            String r = call.single("range");
            return r == null ? otherwise : Times.range("range", r);
        }

        /** range, or from and to: what a series asks the API for, and whether it follows now. */
        void window(Map<String, Object> c, long defaultRange) throws TagException {
            String range = call.single("range");
            String from = call.single("from");
            String to = call.single("to");
            if (range != null && (from != null || to != null)) {
                throw new TagException("range= is given with " + (from != null ? "from=" : "to="),
                        "give either range=-1h (up to now) or from= and to=");
            }
            if (range != null || from == null) {
                if (to != null) {
                    throw new TagException("to= is given without from=", "give from= too, or range=-1h for the "
                            + "last hour up to now");
                }
                c.put("span", range == null ? defaultRange : Times.range("range", range));
                return;
            }
            long f = Times.time("from", from);
            long t = to == null ? -1 : Times.time("to", to);
            // absolute times are >= 0, relative ones -(ms back) - 1: comparable when both are of a kind
            boolean bothAbsolute = f >= 0 && t >= 0;
            boolean bothRelative = f < 0 && t < 0;
            if (bothAbsolute && f >= t || bothRelative && f >= t) {
                throw new TagException("from=" + from + " is not before to=" + (to == null ? "now" : to),
                        "give a from= before to=");
            }
            c.put("from", from);
            c.put("to", to == null ? "now" : to);
            if (t == -1 && f < -1) {
                // relative to now at both ends: it slides
                c.put("span", -f - 1);
            }
        }

        /** For histograms and detector maps: the newest (default), summed over a range, or over a run. */
        void merge(Map<String, Object> c) throws TagException {
            String run = call.single("run");
            String range = call.single("range");
            String from = call.single("from");
            if (run != null) {
                if (!RUN.matcher(run).matches()) {
                    throw new TagException("run=" + run + " is not a run", "write run=current (the run being taken) "
                            + "or a run number: run=300000");
                }
                if (range != null || from != null || call.single("to") != null) {
                    throw new TagException("run= is given with a time range", "give either run= or range=");
                }
                c.put("run", run);
                return;
            }
            if (range != null || from != null || call.single("to") != null) {
                window(c, DEFAULT_RANGE_MS);
            }
        }

        List<String> cuts(List<String> processors) throws TagException {
            List<String> cuts = call.all("cut");
            if (cuts.size() > MAX_CUTS) {
                throw new TagException(cuts.size() + " cuts", "give at most " + MAX_CUTS + " cut= arguments");
            }
            for (String cut : cuts) {
                int eq = cut.indexOf('=');
                if (eq < 0 || eq == cut.length() - 1) {
                    throw new TagException("cut=" + cut + " has no condition", "write cut=PROCESSOR.FIELD=VALUE or "
                            + "cut=PROCESSOR.FIELD=MIN..MAX, e.g. cut=rate.data.rate=900..1100");
                }
                FieldRef f = FieldRef.parse(cut.substring(0, eq));
                String v = cut.substring(eq + 1);
                int dots = v.indexOf("..");
                if (dots >= 0) {
                    String lo = v.substring(0, dots);
                    String hi = v.substring(dots + 2);
                    boolean ok = (lo.isEmpty() || NUMBER.matcher(lo).matches())
                            && (hi.isEmpty() || NUMBER.matcher(hi).matches()) && !(lo.isEmpty() && hi.isEmpty());
                    if (!ok) {
                        throw new TagException("cut=" + cut + ": '" + v + "' is not a range of numbers",
                                "write MIN..MAX, MIN.. or ..MAX: cut=" + f + "=900..1100");
                    }
                    if (!lo.isEmpty() && !hi.isEmpty() && Double.parseDouble(lo) > Double.parseDouble(hi)) {
                        throw new TagException("cut=" + cut + ": the range " + v + " is empty",
                                "put the smaller number first: cut=" + f + "=" + hi + ".." + lo);
                    }
                }
                if (!processors.contains(f.processor())) {
                    processors.add(f.processor());
                }
            }
            return cuts.isEmpty() ? null : List.copyOf(cuts);
        }

        List<String> labels(List<FieldRef> fields) throws TagException {
            String text = text("labels");
            if (text == null) {
                return fields.stream().map(FieldRef::toString).toList();
            }
            String[] parts = text.split(",", -1);
            if (parts.length != fields.size()) {
                throw new TagException("labels= names " + parts.length + " fields, the tag draws " + fields.size(),
                        "give one label per field, separated by commas: labels=\"rate,peak\"");
            }
            return java.util.Arrays.stream(parts).map(String::strip).toList();
        }

        void plot(Map<String, Object> c) throws TagException {
            c.put("title", text("title"));
            String h = call.single("height");
            if (h != null) {
                int height;
                try {
                    height = Integer.parseInt(h);
                } catch (NumberFormatException e) {
                    height = -1;
                }
                if (height < MIN_HEIGHT || height > MAX_HEIGHT) {
                    throw new TagException("height=" + h + " is not a height", "give pixels from " + MIN_HEIGHT
                            + " to " + MAX_HEIGHT + ": height=300");
                }
                c.put("height", height);
            }
        }

        int points(int max) throws TagException {
            String p = call.single("points");
            if (p == null) {
                return Math.min(DEFAULT_POINTS, max);
            }
            int n;
            try {
                n = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 2 || n > max) {
                throw new TagException("points=" + p + " is not a number of points", "give from 2 to " + max
                        + " (longer ranges are averaged down to it): points=500");
            }
            return n;
        }

        void done() {
            // every argument was looked at by the constructor (keys) or by the tag's case (values)
        }
    }
}

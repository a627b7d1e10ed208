package org.snoplus.snoop.alarm.engine.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.snoplus.snoop.alarm.Quality;
import org.snoplus.snoop.alarm.Severity;

/**
 * Reads a rule file: sections {@code [name]}, each a rule of {@code key = value} lines; {@code #}
 * and {@code ;} start comment lines.
 *
 * <pre>
 * [nhit-high]
 * field = nhit.data.nhit.mean
 * above = 60
 * clear = 55
 * for = 30s
 * severity = warning
 * message = mean NHIT {value} above {threshold} for {for}
 * </pre>
 *
 * Every problem is reported, each as {@code FILE:LINE: rule NAME: KEY: REASON}; a file with any
 * problem gives no rules (the engine keeps the file's last good ones).
 */
final class RuleParser {

    static final int MAX_RULES = 1000;
    static final int MAX_NAME = 128;
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_NAME - 1) + "}");
    private static final Pattern BAND = Pattern.compile("\\s*([-+0-9.eE]+)\\s*\\.\\.\\s*([-+0-9.eE]+)\\s*");
    static final Set<String> KEYS = Set.of("field", "above", "below", "outside", "equal", "changed", "missing",
            "compare", "clear", "divide", "derive", "for", "severity", "message", "clear.message", "test", "medium", "bad",
            "min.entries", "fire");

    /** What a file gave: its rules, or its problems. */
    record Result(List<Rule> rules, List<String> problems) {
        boolean ok() {
            return problems.isEmpty();
        }
    }

    private final String file;
    private final List<String> problems = new ArrayList<>();

    private RuleParser(String file) {
        this.file = file;
    }

    static Result parse(String file, String text) {
        RuleParser p = new RuleParser(file);
        List<Rule> rules = p.read(text);
        return new Result(p.problems.isEmpty() ? rules : List.of(), List.copyOf(p.problems));
    }

    private record Section(String name, int line, Map<String, String> values, Map<String, Integer> lines) {
    }

    private List<Rule> read(String text) {
        List<Section> sections = new ArrayList<>();
        Section current = null;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int n = i + 1;
            String l = lines[i].strip();
            if (l.isEmpty() || l.startsWith("#") || l.startsWith(";")) {
                continue;
            }
            if (l.startsWith("[")) {
                if (!l.endsWith("]")) {
                    problem(n, null, null, "a rule starts with [NAME] on a line of its own, not '" + shorten(l) + "'");
                    current = null;
                    continue;
                }
                String name = l.substring(1, l.length() - 1).strip();
                if (!NAME.matcher(name).matches()) {
                    problem(n, shorten(name), null, "a rule's name has letters, digits, '.', '_' and '-', at most "
                            + MAX_NAME + " characters");
                } else if (name.startsWith("snoop.")) {
                    problem(n, name, null, "names starting with 'snoop.' are the framework's own alarms");
                }
                for (Section s : sections) {
                    if (s.name.equals(name)) {
                        problem(n, name, null, "defined twice in this file (first at line " + s.line + ")");
                    }
                }
                current = new Section(name, n, new LinkedHashMap<>(), new LinkedHashMap<>());
                sections.add(current);
                if (sections.size() > MAX_RULES) {
                    problem(n, name, null, "more than " + MAX_RULES + " rules in one file");
                    return List.of();
                }
                continue;
            }
            int eq = l.indexOf('=');
            if (eq <= 0) {
                problem(n, current == null ? null : current.name, null, "a line is KEY = VALUE, not '" + shorten(l) + "'");
                continue;
            }
            String key = l.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = l.substring(eq + 1).strip();
            if (current == null) {
                problem(n, null, key, "comes before any [NAME]: each rule starts with its name in brackets");
                continue;
            }
            if (!KEYS.contains(key)) {
                problem(n, current.name, key, "is not a key of a rule" + nearest(key) + "; the keys are "
                        + new java.util.TreeSet<>(KEYS));
                continue;
            }
            if (current.values.containsKey(key)) {
                problem(n, current.name, key, "is given twice (first at line " + current.lines.get(key) + ")");
                continue;
            }
            current.values.put(key, value);
            current.lines.put(key, n);
        }
        List<Rule> rules = new ArrayList<>();
        for (Section s : sections) {
            Rule r = rule(s);
            if (r != null) {
                rules.add(r);
            }
        }
        return rules;
    }

    private Rule rule(Section s) {
        int before = problems.size();
        Map<String, String> v = s.values;
        FieldPath field = null;
        if (!v.containsKey("field")) {
            problem(s.line, s.name, "field", "is missing: name the field the rule watches, PROCESSOR.PATH (nhit.data.nhit.mean)");
        } else {
            try {
                field = FieldPath.parse(v.get("field"));
            } catch (IllegalArgumentException e) {
                problem(s, "field", e.getMessage());
            }
        }
        List<Rule.Kind> kinds = new ArrayList<>();
        for (Rule.Kind k : Rule.Kind.values()) {
            if (v.containsKey(k.key)) {
                kinds.add(k);
            }
        }
        if (kinds.size() != 1) {
            problem(s.line, s.name, kinds.isEmpty() ? null : kinds.get(1).key, kinds.isEmpty()
                    ? "has no condition: give one of above, below, outside, equal, changed, missing, compare"
                    : "has more than one condition (" + kinds.stream().map(k -> k.key).toList() + "): one rule, one condition");
            return null;
        }
        Rule.Kind kind = kinds.get(0);
        double fire = Double.NaN;
        double fireHigh = Double.NaN;
        double clear = Double.NaN;
        double clearHigh = Double.NaN;
        Object equal = null;
        int periods = 0;
        String reference = null;
        String test = "ks";
        double medium = 0.01;
        double bad = 0.001;
        long minEntries = 100;
        Quality.Level fireLevel = Quality.Level.BAD;
        String raw = v.get(kind.key);
        switch (kind) {
            case ABOVE, BELOW -> {
                fire = number(s, kind.key, raw);
                clear = fire;
                if (v.containsKey("clear")) {
                    clear = number(s, "clear", v.get("clear"));
                    if (kind == Rule.Kind.ABOVE && clear > fire) {
                        problem(s, "clear", "must not be above the threshold " + raw + ": the alarm clears when the value "
                                + "falls below it");
                    }
                    if (kind == Rule.Kind.BELOW && clear < fire) {
                        problem(s, "clear", "must not be below the threshold " + raw + ": the alarm clears when the value "
                                + "rises above it");
                    }
                }
            }
            case OUTSIDE -> {
                double[] band = band(s, "outside", raw);
                if (band != null) {
                    fire = band[0];
                    fireHigh = band[1];
                    clear = fire;
                    clearHigh = fireHigh;
                }
                if (v.containsKey("clear")) {
                    double[] c = band(s, "clear", v.get("clear"));
                    if (c != null && band != null) {
                        if (c[0] < band[0] || c[1] > band[1]) {
                            problem(s, "clear", "the clear band " + v.get("clear") + " must lie within " + raw
                                    + ": the alarm clears when the value is back inside it");
                        }
                        clear = c[0];
                        clearHigh = c[1];
                    }
                }
            }
            case EQUAL -> equal = literal(raw);
            case CHANGED -> {
                if (!raw.equalsIgnoreCase("true") && !raw.equalsIgnoreCase("yes")) {
                    problem(s, "changed", "is written 'changed = true'");
                }
            }
            case MISSING -> {
                try {
                    periods = Integer.parseInt(raw);
                    if (periods < 1 || periods > 100_000) {
                        throw new NumberFormatException();
                    }
                } catch (NumberFormatException e) {
                    problem(s, "missing", "'" + raw + "' is not a number of sample periods (1 or more)");
                }
            }
            case COMPARE -> {
                reference = raw;
                if (!NAME.matcher(raw).matches()) {
                    problem(s, "compare", "'" + shorten(raw) + "' is not a reference's name (letters, digits, . _ -)");
                }
                if (v.containsKey("test")) {
                    test = v.get("test").toLowerCase(Locale.ROOT);
                    if (!test.equals("ks") && !test.equals("chi2")) {
                        problem(s, "test", "'" + shorten(v.get("test")) + "' is not a test: ks (Kolmogorov-Smirnov) or chi2");
                    }
                }
                if (v.containsKey("medium")) {
                    medium = probability(s, "medium", v.get("medium"));
                }
                if (v.containsKey("bad")) {
                    bad = probability(s, "bad", v.get("bad"));
                }
                if (bad > medium) {
                    problem(s, "bad", "p below 'bad' (" + bad + ") is worse than below 'medium' (" + medium
                            + "): bad must not be above medium");
                }
                if (v.containsKey("min.entries")) {
                    minEntries = (long) number(s, "min.entries", v.get("min.entries"));
                    if (minEntries < 1) {
                        problem(s, "min.entries", "must be at least 1");
                    }
                }
                if (v.containsKey("fire")) {
                    String f = v.get("fire").toLowerCase(Locale.ROOT);
                    if (f.equals("bad")) {
                        fireLevel = Quality.Level.BAD;
                    } else if (f.equals("medium")) {
                        fireLevel = Quality.Level.MEDIUM;
                    } else {
                        problem(s, "fire", "'" + shorten(f) + "' is not a level at which to fire: bad or medium");
                    }
                }
            }
            default -> throw new AssertionError(kind);
        }
        if (v.containsKey("clear") && !kind.numeric()) {
            problem(s, "clear", "has no meaning with " + kind.key + " (a clear threshold belongs to above, below, outside)");
        }
        for (String k : List.of("test", "medium", "bad", "min.entries", "fire")) {
            if (v.containsKey(k) && kind != Rule.Kind.COMPARE) {
                problem(s, k, "belongs to compare rules only");
            }
        }
        FieldPath divide = null;
        if (v.containsKey("divide")) {
            if (field != null) {
                try {
                    divide = field.sibling(v.get("divide"));
                    if (!divide.processor.equals(field.processor)) {
                        problem(s, "divide", "must be a field of the same processor's documents (" + field.processor + ")");
                    }
                } catch (IllegalArgumentException e) {
                    problem(s, "divide", e.getMessage());
                }
            }
            if (!kind.numeric() && kind != Rule.Kind.EQUAL) {
                problem(s, "divide", "has no meaning with " + kind.key);
            }
        }
        boolean rate = false;
        if (v.containsKey("derive")) {
            if (v.get("derive").equalsIgnoreCase("rate")) {
                rate = true;
            } else {
                problem(s, "derive", "'" + shorten(v.get("derive")) + "' is not a derivation: rate (change per second)");
            }
            if (!kind.numeric()) {
                problem(s, "derive", "has no meaning with " + kind.key);
            }
        }
        long forMs = 0;
        if (v.containsKey("for")) {
            try {
                forMs = Durations.parse(v.get("for"));
            } catch (IllegalArgumentException e) {
                problem(s, "for", e.getMessage());
            }
            if (kind == Rule.Kind.MISSING || kind == Rule.Kind.CHANGED) {
                problem(s, "for", "has no meaning with " + kind.key
                        + (kind == Rule.Kind.MISSING ? " (missing counts sample periods itself)" : " (a change is an instant)"));
            }
        }
        Severity severity = Severity.WARNING;
        if (v.containsKey("severity")) {
            try {
                severity = Severity.parse(v.get("severity"));
            } catch (IllegalArgumentException e) {
                problem(s, "severity", e.getMessage());
            }
        }
        MessageTemplate message = template(s, "message", v.getOrDefault("message", defaultMessage(kind, forMs > 0)));
        MessageTemplate clearMessage = template(s, "clear.message",
                v.getOrDefault("clear.message", "back to normal: {field} = {value}"));
        if (problems.size() > before || field == null) {
            return null;
        }
        String condition = condition(kind, raw, v, clear, clearHigh, fire, fireHigh, forMs);
        return new Rule(s.name, file, s.line, field, divide, rate, kind, fire, fireHigh, clear, clearHigh, equal, periods,
                reference, test, medium, bad, minEntries, fireLevel, forMs, severity, message, clearMessage, condition);
    }

    private static String condition(Rule.Kind kind, String raw, Map<String, String> v, double clear, double clearHigh,
            double fire, double fireHigh, long forMs) {
        StringBuilder c = new StringBuilder(kind.key);
        switch (kind) {
            case CHANGED -> {
            }
            case MISSING -> c.append(" for ").append(raw).append(" periods");
            case COMPARE -> c.append(" with ").append(raw).append(" (").append(v.getOrDefault("test", "ks")).append(')');
            default -> c.append(' ').append(raw);
        }
        if (kind.numeric() && (clear != fire || (kind == Rule.Kind.OUTSIDE && clearHigh != fireHigh))) {
            c.append(" (clears ").append(kind == Rule.Kind.ABOVE ? "below " : kind == Rule.Kind.BELOW ? "above " : "inside ")
                    .append(v.get("clear")).append(')');
        }
        if (forMs > 0) {
            c.append(" for ").append(Durations.format(forMs));
        }
        return c.toString();
    }

    private static String defaultMessage(Rule.Kind kind, boolean withFor) {
        String f = withFor ? " for {for}" : "";
        return switch (kind) {
            case ABOVE -> "{field} = {value}, above {threshold}" + f;
            case BELOW -> "{field} = {value}, below {threshold}" + f;
            case OUTSIDE -> "{field} = {value}, outside {threshold}" + f;
            case EQUAL -> "{field} = {value}" + f;
            case CHANGED -> "{field} changed from {previous} to {value}";
            case MISSING -> "no {field} for {periods} sample periods";
            case COMPARE -> "{field} is {level} against the reference {reference} ({test}: p = {p})" + f;
        };
    }

    private MessageTemplate template(Section s, String key, String text) {
        try {
            return MessageTemplate.compile(text);
        } catch (IllegalArgumentException e) {
            problem(s, key, e.getMessage());
            return null;
        }
    }

    /** A number, a quoted text, true or false, or else the text as written. */
    static Object literal(String raw) {
        String t = raw.strip();
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            return t.substring(1, t.length() - 1);
        }
        if (t.equalsIgnoreCase("true") || t.equalsIgnoreCase("false")) {
            return Boolean.valueOf(t.toLowerCase(Locale.ROOT));
        }
        try {
            return Double.valueOf(t);
        } catch (NumberFormatException e) {
            return t;
        }
    }

    private double number(Section s, String key, String raw) {
        try {
            double d = Double.parseDouble(raw.strip());
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            problem(s, key, "'" + shorten(raw) + "' is not a number");
            return Double.NaN;
        }
    }

    private double probability(Section s, String key, String raw) {
        double p = number(s, key, raw);
        if (!(p > 0 && p < 1)) {
            if (!Double.isNaN(p)) {
                problem(s, key, "is a probability: between 0 and 1 (0.01), not " + raw);
            }
            return 0.5;
        }
        return p;
    }

    private double[] band(Section s, String key, String raw) {
        var m = BAND.matcher(raw);
        if (!m.matches()) {
            problem(s, key, "'" + shorten(raw) + "' is not a band: write LOW..HIGH (900..1100)");
            return null;
        }
        double lo = number(s, key, m.group(1));
        double hi = number(s, key, m.group(2));
        if (lo > hi) {
            problem(s, key, "the band " + raw + " ends before it starts");
            return null;
        }
        return new double[] {lo, hi};
    }

    private void problem(Section s, String key, String reason) {
        problem(s.lines.getOrDefault(key, s.line), s.name, key, reason);
    }

    private void problem(int line, String rule, String key, String reason) {
        StringBuilder b = new StringBuilder(file).append(':').append(line).append(": ");
        if (rule != null) {
            b.append("rule ").append(rule).append(": ");
        }
        if (key != null) {
            b.append(key).append(": ");
        }
        problems.add(b.append(reason).toString());
    }

    private static String nearest(String key) {
        String best = null;
        int bestD = 3;
        for (String k : KEYS) {
            int d = distance(key, k);
            if (d < bestD) {
                bestD = d;
                best = k;
            }
        }
        return best == null ? "" : " (did you mean " + best + "?)";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    static String shorten(String s) {
        String one = s.replaceAll("\\p{Cntrl}", "?");
        return one.length() > 60 ? one.substring(0, 57) + "..." : one;
    }
}

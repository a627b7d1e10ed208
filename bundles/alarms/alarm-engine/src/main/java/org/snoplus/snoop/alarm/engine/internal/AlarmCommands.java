package org.snoplus.snoop.alarm.engine.internal;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.snoplus.snoop.alarm.Alarm;
import org.snoplus.snoop.alarm.AlarmService;
import org.snoplus.snoop.alarm.Quality;
import org.snoplus.snoop.alarm.ReferenceService;
import org.snoplus.snoop.alarm.RuleInfo;
import org.snoplus.snoop.alarm.Silence;
import org.snoplus.snoop.json.DocumentJson;
import org.snoplus.snoop.query.QueryLimits;

/**
 * The alarm commands of the shell: {@code snoop:alarms}, {@code snoop:ack}, {@code snoop:silence},
 * {@code snoop:unsilence}, {@code snoop:rules}, {@code snoop:reference}. The shell is its user's own
 * (a socket of mode 0600): acknowledging and silencing need no token here.
 */
@Component(service = AlarmCommands.class, property = {
        "osgi.command.scope=snoop",
        "osgi.command.function=alarms",
        "osgi.command.function=ack",
        "osgi.command.function=silence",
        "osgi.command.function=unsilence",
        "osgi.command.function=rules",
        "osgi.command.function=reference"})
public class AlarmCommands {

    @Reference(target = "(component.name=" + AlarmEngineComponent.PID + ")")
    private AlarmService alarms;

    @Reference(target = "(component.name=" + AlarmEngineComponent.PID + ")")
    private ReferenceService references;

    @Descriptor("the active alarms and the silences; 'history [FROM]' the changes since FROM (-1h); 'notifiers' where "
            + "notifications go")
    public String alarms(@Descriptor("JSON instead of tables") @Parameter(names = "--json", presentValue = "true",
            absentValue = "false") boolean json, @Descriptor("history [FROM] | notifiers") String... what)
            throws Exception {
        if (what.length > 0 && what[0].equals("history")) {
            long now = System.currentTimeMillis();
            long from = what.length > 1 ? relative(what[1], now) : now - 3_600_000;
            List<Alarm> h = alarms.history(from, Long.MAX_VALUE, null, null, 1000, QueryLimits.of(10_000, 16L << 20));
            if (json) {
                return DocumentJson.writer().writeValueAsString(h.stream().map(Alarm::toMap).toList());
            }
            return table(h, true) + h.size() + " changes since " + Instant.ofEpochMilli(from) + "\n";
        }
        if (what.length > 0 && what[0].equals("notifiers")) {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"NOTIFIER", "SENT", "FAILURES", "QUEUED", "WHERE", "LAST ERROR"});
            rows.addAll(((AlarmEngineComponent) alarms).notifierRows());
            return rows.size() == 1 ? "no notifier (configure snoop.notifier.mail-NAME or snoop.notifier.command-NAME)\n"
                    : format(rows);
        }
        if (what.length > 0) {
            throw new IllegalArgumentException("snoop:alarms takes 'history [FROM]' or 'notifiers', not '" + what[0] + "'");
        }
        List<Alarm> active = alarms.active();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("active", active.stream().map(Alarm::toMap).toList());
            m.put("silences", alarms.silences().stream().map(Silence::toMap).toList());
            m.put("problems", alarms.problems());
            return DocumentJson.writer().writeValueAsString(m);
        }
        StringBuilder out = new StringBuilder();
        out.append(active.isEmpty() ? "no active alarm\n" : table(active, false));
        List<Silence> silences = alarms.silences();
        if (!silences.isEmpty()) {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"SILENCED", "UNTIL", "BY", "COMMENT"});
            for (Silence s : silences) {
                rows.add(new String[] {s.pattern(), Instant.ofEpochMilli(s.until()).toString(), s.by(), s.comment()});
            }
            out.append('\n').append(format(rows));
        }
        List<String> problems = alarms.problems();
        if (!problems.isEmpty()) {
            out.append("\nrule files with problems (their last good rules are in force; see snoop:rules):\n");
            problems.stream().limit(20).forEach(p -> out.append("  ").append(p).append('\n'));
        }
        return out.toString();
    }

    @Descriptor("acknowledge an active alarm: you have seen it (it stays until its condition ends)")
    public String ack(@Descriptor("the alarm's name") String name, @Descriptor("who you are (name or initials)") String by,
            @Descriptor("what you saw or did") String... comment) {
        Alarm a = alarms.acknowledge(name, by, String.join(" ", comment));
        return a.name() + " acknowledged by " + a.by() + "\n";
    }

    @Descriptor("silence alarms for a while: kept and shown, but nobody is notified and the banner stays calm")
    public String silence(@Descriptor("an alarm's name, or a pattern with * (snoop.reader.*)") String pattern,
            @Descriptor("how long: 30m, 2h, 1d") String duration, @Descriptor("who you are") String by,
            @Descriptor("why") String... comment) {
        Silence s = alarms.silence(pattern, Duration.ofMillis(Durations.parse(duration)), by, String.join(" ", comment));
        return s.pattern() + " silenced until " + Instant.ofEpochMilli(s.until()) + "\n";
    }

    @Descriptor("end a silence")
    public String unsilence(@Descriptor("the silenced pattern") String pattern) {
        return alarms.unsilence(pattern) ? pattern + " is no longer silenced\n" : "no silence of " + pattern + "\n";
    }

    @Descriptor("the alarm rules in force: condition, state, last value, and what is wrong with the rule files")
    public String rules(@Descriptor("JSON instead of a table") @Parameter(names = "--json", presentValue = "true",
            absentValue = "false") boolean json) throws IOException {
        List<RuleInfo> rules = alarms.rules();
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rules", rules);
            m.put("problems", alarms.problems());
            return DocumentJson.writer().writeValueAsString(m);
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"RULE", "FILE", "FIELD", "CONDITION", "SEVERITY", "STATE", "VALUE", "PROBLEM"});
        for (RuleInfo r : rules) {
            rows.add(new String[] {r.name(), r.file(), r.field(), r.condition(), r.severity().label(), r.state(),
                MessageTemplate.format(r.value()), r.problem() == null ? "" : r.problem()});
        }
        StringBuilder out = new StringBuilder(rules.isEmpty() ? "no rules\n" : format(rows));
        for (String p : alarms.problems()) {
            out.append(p).append('\n');
        }
        return out.toString();
    }

    @Descriptor("reference histograms: 'list', 'save NAME PROCESSOR.FIELD run RUN' or 'save NAME PROCESSOR.FIELD FROM "
            + "[TO]' (-2h, ISO-8601, ms), 'remove NAME', 'quality'")
    public String reference(@Descriptor("list | save | remove | quality") String... args) throws Exception {
        String what = args.length == 0 ? "list" : args[0];
        switch (what) {
            case "list" -> {
                List<String[]> rows = new ArrayList<>();
                rows.add(new String[] {"REFERENCE", "FIELD", "FROM", "BINS", "ENTRIES", "SAVED"});
                for (var r : references.references()) {
                    rows.add(new String[] {r.name(), r.processor() + "." + r.field(), r.source(), Integer.toString(r.bins()),
                        Long.toString(r.entries()), Instant.ofEpochMilli(r.saved()).toString()});
                }
                return rows.size() == 1 ? "no reference saved\n" : format(rows);
            }
            case "save" -> {
                if (args.length < 4) {
                    throw new IllegalArgumentException("snoop:reference save NAME PROCESSOR.FIELD run RUN, or save NAME "
                            + "PROCESSOR.FIELD FROM [TO]");
                }
                FieldPath f = FieldPath.parse(args[2]);
                var r = args[3].equals("run") && args.length > 4
                        ? references.save(args[1], f.processor, f.path, Long.parseLong(args[4]), 0, 0)
                        : references.save(args[1], f.processor, f.path, null, relative(args[3], System.currentTimeMillis()),
                                args.length > 4 ? relative(args[4], System.currentTimeMillis()) : System.currentTimeMillis());
                return "reference " + r.name() + " saved: " + r.entries() + " entries in " + r.bins() + " bins of "
                        + r.processor() + "." + r.field() + " (" + r.source() + ")\n";
            }
            case "remove" -> {
                if (args.length < 2) {
                    throw new IllegalArgumentException("snoop:reference remove NAME");
                }
                return references.remove(args[1]) ? "reference " + args[1] + " removed\n" : "no reference " + args[1] + "\n";
            }
            case "quality" -> {
                List<String[]> rows = new ArrayList<>();
                rows.add(new String[] {"CHECK", "LEVEL", "TEST", "P", "STATISTIC", "ENTRIES", "REFERENCE", "TIME"});
                for (Quality q : references.quality().values()) {
                    rows.add(new String[] {q.check(), q.level().label(), q.test(), MessageTemplate.format(q.p()),
                        MessageTemplate.format(q.statistic()), Long.toString(q.entries()), q.reference(),
                        Instant.ofEpochMilli(q.time()).toString()});
                }
                return rows.size() == 1 ? "no check has judged a document yet\n" : format(rows);
            }
            default -> throw new IllegalArgumentException("snoop:reference takes list, save, remove or quality, not '"
                    + what + "'");
        }
    }

    /** A time: ms since the epoch, ISO-8601, now, or relative to now (-1h, -30m, -7d). */
    static long relative(String t, long now) {
        String s = t.strip().toLowerCase(Locale.ROOT);
        if (s.equals("now")) {
            return now;
        }
        if (s.startsWith("-")) {
            return now - Durations.parse(s.substring(1));
        }
        if (s.matches("\\d+")) {
            return Long.parseLong(s);
        }
        try {
            return Instant.parse(t.strip()).toEpochMilli();
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("'" + t + "' is not a time: -1h, now, 2026-12-01T20:00:00Z or ms");
        }
    }

    private static String table(List<Alarm> list, boolean history) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ALARM", "SEVERITY", "STATE", history ? "TIME" : "SINCE", "MESSAGE", "ORIGIN", "BY"});
        for (Alarm a : list) {
            rows.add(new String[] {a.name(), a.severity().label(), a.state().label() + (a.silenced() ? " (silenced)" : ""),
                Instant.ofEpochMilli(history ? a.time() : a.since()).toString(), shorten(a.message(), 100), a.origin(),
                a.by() == null ? "" : a.by() + (a.comment() == null || a.comment().isEmpty() ? "" : ": " + shorten(a.comment(), 40))});
        }
        return format(rows);
    }

    private static String shorten(String s, int n) {
        if (s == null) {
            return "";
        }
        String one = s.replace('\n', ' ');
        return one.length() > n ? one.substring(0, n - 3) + "..." : one;
    }

    static String format(List<String[]> rows) {
        int columns = rows.get(0).length;
        int[] width = new int[columns];
        for (String[] r : rows) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], r[i] == null ? 0 : r[i].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                String cell = r[i] == null ? "" : r[i];
                line.append(cell);
                if (i < columns - 1) {
                    line.append(" ".repeat(width[i] - cell.length() + 2));
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}

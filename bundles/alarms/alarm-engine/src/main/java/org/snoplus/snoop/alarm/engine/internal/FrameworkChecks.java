package org.snoplus.snoop.alarm.engine.internal;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.snoplus.snoop.admin.LoopInfo;
import org.snoplus.snoop.admin.ProcessorInfo;
import org.snoplus.snoop.admin.ReaderInfo;
import org.snoplus.snoop.admin.ReaderState;
import org.snoplus.snoop.admin.SnoopAdmin;
import org.snoplus.snoop.admin.WriterInfo;
import org.snoplus.snoop.admin.WriterState;
import org.snoplus.snoop.alarm.Severity;

/**
 * The framework's own alarms, found from what the platform tells about itself ({@link SnoopAdmin},
 * the same snapshots as {@code snoop:status}) and from the data disk, once per sample period:
 *
 * <ul>
 * <li>{@code snoop.processor.NAME.quarantined}, {@code .hung} (alarm): at once;</li>
 * <li>{@code snoop.processor.NAME.heartbeat} (warning): no sample for {@code heartbeat.periods};</li>
 * <li>{@code snoop.processor.NAME.disabled} (info): disabled with {@code snoop:disable}, so that nobody forgets it
 * (and no heartbeat alarm for it);</li>
 * <li>{@code snoop.reader.NAME.down} (alarm): retrying its source, or its description says it is down or
 * unreachable, for a period;</li>
 * <li>{@code snoop.reader.NAME.stopped} (warning): reading but nothing published for {@code reader.idle.periods};</li>
 * <li>{@code snoop.loop.backlog} (warning): the loop's buffer is {@code backlog.percent} full: processing lags
 * behind the readers;</li>
 * <li>{@code snoop.writer.NAME.failing} (alarm): retrying, or its store unreachable, for a period;
 * {@code .queue} (warning): its queue {@code writer.queue.percent} full; {@code .dropped} (alarm): documents
 * dropped in the last periods; {@code .spool} (warning): its spool grew over three periods in a row;</li>
 * <li>{@code snoop.disk.full}: the data disk has less than {@code disk.warning.percent} (warning) or
 * {@code disk.alarm.percent} (alarm) free.</li>
 * </ul>
 *
 * Called from the engine's thread only.
 */
final class FrameworkChecks {

    private static final Pattern SPOOL = Pattern.compile("spool (\\d+) documents?");
    private static final Pattern DOWN = Pattern.compile("\\bDOWN\\b|\\bunreachable\\b");

    /**
     * @param heartbeatPeriods periods without a sample before a processor's heartbeat alarm
     * @param readerIdlePeriods periods without an event from a reading reader before its alarm
     * @param backlogPercent how full the loop's buffer may be
     * @param writerQueuePercent how full a writer's queue may be
     * @param disk the data directory, or null
     * @param diskWarningPercent free space below which the disk warns
     * @param diskAlarmPercent free space below which it alarms
     */
    record Settings(int heartbeatPeriods, int readerIdlePeriods, int backlogPercent, int writerQueuePercent, Path disk,
            int diskWarningPercent, int diskAlarmPercent) {
    }

    private final Map<String, Long> firstSeen = new HashMap<>();
    private final Map<String, long[]> readerEvents = new HashMap<>(); // name → {events, since}
    private final Map<String, long[]> writerDropped = new HashMap<>(); // name → {dropped, last growth}
    private final Map<String, long[]> spools = new HashMap<>(); // name → {documents, growths in a row}

    List<Condition> check(SnoopAdmin admin, Settings s, long now) {
        List<Condition> out = new ArrayList<>();
        long period = 5000;
        if (admin != null) {
            LoopInfo loop = admin.loop();
            period = Math.max(1, loop.samplePeriodMs());
            processors(admin.processors(), s, now, period, out);
            readers(admin.readers(), s, now, period, out);
            writers(admin.writers(), s, now, period, out);
            if (loop.capacity() > 0 && loop.buffered() * 100L >= (long) s.backlogPercent() * loop.capacity()) {
                out.add(new Condition("snoop.loop.backlog", Severity.WARNING, String.format(Locale.ROOT,
                        "the loop lags behind the readers: %d events buffered of %d (%.0f %%): a processor is slow or the "
                                + "input too fast", loop.buffered(), loop.capacity(), 100.0 * loop.buffered() / loop.capacity()),
                        loop.buffered(), period));
            }
        }
        disk(s, out);
        return out;
    }

    private void processors(List<ProcessorInfo> list, Settings s, long now, long period, List<Condition> out) {
        Set<String> names = new HashSet<>();
        for (ProcessorInfo p : list) {
            String key = "p:" + p.name();
            names.add(key);
            long first = firstSeen.computeIfAbsent(key, k -> now);
            String base = "snoop.processor." + p.name();
            switch (p.state()) {
                case QUARANTINED -> out.add(new Condition(base + ".quarantined", Severity.ALARM, "processor " + p.name()
                        + " is quarantined after too many errors" + why(p.lastError()) + "; it gets no events until a new "
                        + "version is deployed or snoop:enable " + p.name(), p.errors(), 0));
                case HUNG -> out.add(new Condition(base + ".hung", Severity.ALARM, "processor " + p.name() + " is hung"
                        + why(p.lastError()) + "; the others go on", p.errors(), 0));
                case DISABLED -> out.add(new Condition(base + ".disabled", Severity.INFO, "processor " + p.name()
                        + " is disabled by an operator (snoop:enable " + p.name() + " lets it run again)", 0, 0));
                case ACTIVE, SAMPLING -> {
                    long last = p.lastSampleTime() > 0 ? p.lastSampleTime() : first;
                    long quiet = now - last;
                    if (quiet > s.heartbeatPeriods() * period) {
                        out.add(new Condition(base + ".heartbeat", Severity.WARNING, "no sample from processor " + p.name()
                                + " for " + Durations.format(quiet) + " (" + quiet / period + " sample periods)", quiet / 1000,
                                0));
                    }
                }
                default -> {
                }
            }
        }
        firstSeen.keySet().removeIf(k -> k.startsWith("p:") && !names.contains(k));
    }

    private void readers(List<ReaderInfo> list, Settings s, long now, long period, List<Condition> out) {
        Set<String> names = new HashSet<>();
        for (ReaderInfo r : list) {
            names.add(r.name());
            String base = "snoop.reader." + r.name();
            String d = r.description() == null ? "" : r.description();
            if (r.state() == ReaderState.RETRYING || (r.state() == ReaderState.READING && DOWN.matcher(d).find())) {
                out.add(new Condition(base + ".down", Severity.ALARM, "reader " + r.name() + " is down"
                        + why(r.lastError() != null ? r.lastError() : d) + "; it is retried", null, period));
            }
            long[] seen = readerEvents.computeIfAbsent(r.name(), k -> new long[] {r.events(), now});
            if (r.events() != seen[0]) {
                seen[0] = r.events();
                seen[1] = now;
            }
            long quiet = now - seen[1];
            if (r.state() == ReaderState.READING && quiet > s.readerIdlePeriods() * period) {
                out.add(new Condition(base + ".stopped", Severity.WARNING, "reader " + r.name() + " has published no "
                        + "event for " + Durations.format(quiet) + " (" + d + ")", r.events(), 0));
            }
        }
        readerEvents.keySet().retainAll(names);
    }

    private void writers(List<WriterInfo> list, Settings s, long now, long period, List<Condition> out) {
        Set<String> names = new HashSet<>();
        for (WriterInfo w : list) {
            names.add(w.name());
            String base = "snoop.writer." + w.name();
            String d = w.description() == null ? "" : w.description();
            if (w.state() == WriterState.RETRYING || DOWN.matcher(d).find()) {
                out.add(new Condition(base + ".failing", Severity.ALARM, "writer " + w.name() + " fails"
                        + why(w.lastError() != null ? w.lastError() : d) + " (" + w.queued() + " documents queued, "
                        + w.failures() + " failures)", w.failures(), period));
            }
            if (w.capacity() > 0 && w.queued() * 100L >= (long) s.writerQueuePercent() * w.capacity()) {
                out.add(new Condition(base + ".queue", Severity.WARNING, "writer " + w.name() + "'s queue is filling: "
                        + w.queued() + " of " + w.capacity() + " documents; when it is full documents are dropped",
                        w.queued(), period));
            }
            long[] dropped = writerDropped.computeIfAbsent(w.name(), k -> new long[] {w.dropped(), Long.MIN_VALUE / 2});
            if (w.dropped() > dropped[0]) {
                dropped[0] = w.dropped();
                dropped[1] = now;
            }
            if (now - dropped[1] <= s.heartbeatPeriods() * period) {
                out.add(new Condition(base + ".dropped", Severity.ALARM, "writer " + w.name() + " dropped documents: "
                        + w.dropped() + " in all (its queue was full)", w.dropped(), 0));
            }
            Matcher m = SPOOL.matcher(d);
            if (m.find()) {
                long n = Long.parseLong(m.group(1));
                long[] spool = spools.computeIfAbsent(w.name(), k -> new long[] {n, 0});
                spool[1] = n > spool[0] ? spool[1] + 1 : n < spool[0] || n == 0 ? 0 : spool[1];
                spool[0] = n;
                if (spool[1] >= 3) {
                    out.add(new Condition(base + ".spool", Severity.WARNING, "writer " + w.name() + "'s spool grows: " + d,
                            n, 0));
                }
            }
        }
        writerDropped.keySet().retainAll(names);
        spools.keySet().retainAll(names);
    }

    private static void disk(Settings s, List<Condition> out) {
        if (s.disk() == null || !Files.isDirectory(s.disk())) {
            return;
        }
        try {
            FileStore store = Files.getFileStore(s.disk());
            long total = store.getTotalSpace();
            long free = store.getUsableSpace();
            if (total <= 0) {
                return;
            }
            double percent = 100.0 * free / total;
            if (percent < s.diskWarningPercent()) {
                Severity sev = percent < s.diskAlarmPercent() ? Severity.ALARM : Severity.WARNING;
                out.add(new Condition("snoop.disk.full", sev, String.format(Locale.ROOT,
                        "the data disk (%s) is nearly full: %.1f %% free, %.2f GB of %.1f GB", s.disk(), percent, free / 1e9,
                        total / 1e9), Math.round(percent * 10) / 10.0, 0));
            }
        } catch (IOException e) {
            // a disk that cannot be asked says nothing here; the writers say what fails
        }
    }

    private static String why(String error) {
        if (error == null || error.isBlank()) {
            return "";
        }
        String one = error.replace('\n', ' ');
        return ": " + (one.length() > 200 ? one.substring(0, 197) + "..." : one);
    }
}

package org.snoplus.snoop.shell.internal;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.snoplus.snoop.admin.LoopInfo;
import org.snoplus.snoop.admin.ProcessorInfo;
import org.snoplus.snoop.admin.ReaderInfo;
import org.snoplus.snoop.admin.SnoopAdmin;
import org.snoplus.snoop.admin.WriterInfo;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.json.DocumentJson;

/** The {@code snoop:*} commands of the Gogo shell. */
@Component(service = SnoopCommands.class, property = {
        "osgi.command.scope=snoop",
        "osgi.command.function=processors",
        "osgi.command.function=status",
        "osgi.command.function=sample",
        "osgi.command.function=enable",
        "osgi.command.function=disable"})
public class SnoopCommands {

    @Reference
    private SnoopAdmin admin;

    @Descriptor("list processors: name, version, state, events, errors, last sample time")
    public String processors(@Descriptor("JSON instead of a table") @Parameter(names = "--json", presentValue = "true",
            absentValue = "false") boolean json) throws IOException {
        if (json) {
            return DocumentJson.writer().writeValueAsString(admin.processors());
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAME", "VERSION", "STATE", "EVENTS", "ABORTS", "ERRORS", "LOST", "HELD", "SAMPLES",
            "LAST SAMPLE", "LAST ERROR"});
        for (ProcessorInfo p : admin.processors()) {
            rows.add(new String[] {p.name(), p.version(), p.state().name(), Long.toString(p.events()),
                Long.toString(p.aborts()), Long.toString(p.errors()), Long.toString(p.lost()), Long.toString(p.held()),
                Long.toString(p.samples()), time(p.lastSampleTime()), abbreviate(p.lastError())});
        }
        return Table.format(rows);
    }

    @Descriptor("show the loop, the readers (with rates) and the writers (with queue depths)")
    public String status(@Descriptor("JSON instead of tables") @Parameter(names = "--json", presentValue = "true",
            absentValue = "false") boolean json) throws IOException {
        LoopInfo l = admin.loop();
        if (json) {
            Map<String, Object> all = new LinkedHashMap<>();
            all.put("loop", l);
            all.put("readers", admin.readers());
            all.put("writers", admin.writers());
            return DocumentJson.writer().writeValueAsString(all);
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format("loop: %d events, %.1f events/s, %d buffered of %d, sample period %d ms, run %s%n%n",
                l.events(), l.rate(), l.buffered(), l.capacity(), l.samplePeriodMs(),
                l.run() < 0 ? "unknown" : Long.toString(l.run())));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"READER", "STATE", "EVENTS", "RATE/S", "MALFORMED", "SOURCE", "LAST ERROR"});
        for (ReaderInfo r : admin.readers()) {
            rows.add(new String[] {r.name(), r.state().name(), Long.toString(r.events()), String.format("%.1f", r.rate()),
                Long.toString(r.malformed()), r.description(), abbreviate(r.lastError())});
        }
        out.append(Table.format(rows)).append('\n');
        rows = new ArrayList<>();
        rows.add(new String[] {"WRITER", "STATE", "QUEUED", "CAPACITY", "WRITTEN", "DROPPED", "FAILURES", "STORE", "LAST ERROR"});
        for (WriterInfo w : admin.writers()) {
            rows.add(new String[] {w.name(), w.state().name(), Integer.toString(w.queued()), Integer.toString(w.capacity()),
                Long.toString(w.written()), Long.toString(w.dropped()), Long.toString(w.failures()), w.description(),
                abbreviate(w.lastError())});
        }
        out.append(Table.format(rows));
        return out.toString();
    }

    @Descriptor("sample a processor now (a real sample: it is written) and print its document")
    public String sample(@Descriptor("processor name") String name) throws Exception {
        SampleDocument doc = admin.sampleNow(name, Duration.ofSeconds(10));
        return doc == null ? name + " returned no document" : DocumentJson.toPrettyJson(doc);
    }

    @Descriptor("let a quarantined or disabled processor run again, with the state it kept")
    public String enable(@Descriptor("JSON: the processor as snoop:processors --json shows it") @Parameter(
            names = "--json", presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("processor name") String name) throws IOException {
        admin.enable(name);
        return done(json, name, name + " enabled");
    }

    @Descriptor("take a processor out of the event loop and the sampler, keeping its state, until snoop:enable "
            + "(kept across reloads and restarts)")
    public String disable(@Descriptor("JSON: the processor as snoop:processors --json shows it") @Parameter(
            names = "--json", presentValue = "true", absentValue = "false") boolean json,
            @Descriptor("processor name") String name) throws IOException {
        admin.disable(name);
        return done(json, name, name + " disabled: no events, no samples, its state kept until 'snoop:enable " + name
                + "' (also after a restart)");
    }

    private String done(boolean json, String name, String text) throws IOException {
        if (!json) {
            return text;
        }
        for (ProcessorInfo p : admin.processors()) {
            if (p.name().equals(name)) {
                return DocumentJson.writer().writeValueAsString(p);
            }
        }
        return DocumentJson.writer().writeValueAsString(Map.of("name", name));
    }

    private static String time(long ms) {
        return ms == 0 ? "-" : Instant.ofEpochMilli(ms).toString();
    }

    static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        String one = s.replace('\n', ' ');
        return one.length() > 60 ? one.substring(0, 57) + "..." : one;
    }

}

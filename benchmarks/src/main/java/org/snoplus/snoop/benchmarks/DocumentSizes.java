package org.snoplus.snoop.benchmarks;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.json.DocumentJson;
import org.snoplus.snoop.processor.Processor;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.sno.synthetic.DetectorSettings;
import org.snoplus.snoop.sno.synthetic.SyntheticDetector;
import org.snoplus.snoop.store.embedded.internal.StoredSize;

/**
 * The size of every shipped processor's document in the default demo: the synthetic detector at
 * its 1 kHz design rate, sampled every 2 s, each processor with its default configuration. For each
 * processor, the mean over {@value #WINDOWS} windows (after {@value #WARMUP} to fill the charge
 * processor's pedestal tables) of the JSON bytes (what documents.jsonl and CouchDB keep), the bytes
 * in the embedded store's form (and deflated, about what its compressed pages hold), and the JSON
 * through xz as the JSON-lines writer compresses its rotated files; and what a day of it costs at
 * one document every 2 s. Prints the rows of a Markdown table.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.snoplus.snoop.benchmarks.DocumentSizes</pre>
 */
public final class DocumentSizes {

    static final int WARMUP = 30;
    static final int WINDOWS = 60;
    static final long PERIOD = 2000;
    static final int PER_DAY = (int) (86_400_000 / PERIOD);

    private DocumentSizes() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> classes = new LinkedHashMap<>();
        classes.put("count", "org.snoplus.snoop.processor.count.internal.EventCounter");
        classes.put("rate", "org.snoplus.snoop.processor.rate.internal.EventRate");
        classes.put("runstats", "org.snoplus.snoop.processor.runstats.internal.RunStats");
        classes.put("triggers", "org.snoplus.snoop.processor.triggers.internal.TriggerCounts");
        classes.put("nhit", "org.snoplus.snoop.processor.nhit.internal.NhitMonitor");
        classes.put("occupancy", "org.snoplus.snoop.processor.occupancy.internal.ChannelOccupancy");
        classes.put("charge", "org.snoplus.snoop.processor.charge.internal.ChargeSpectra");
        classes.put("timing", "org.snoplus.snoop.processor.timing.internal.TimingChecks");
        classes.put("diskusage", "org.snoplus.snoop.processor.diskusage.internal.DiskUsage");
        classes.put("dataflow", "org.snoplus.snoop.processor.dataflow.internal.DataFlow");
        classes.put("host", "org.snoplus.snoop.processor.host.internal.HostUsage");
        Map<String, Processor<Object>> processors = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : classes.entrySet()) {
            processors.put(e.getKey(), AggregateBenchmark.activated(e.getValue()));
        }
        SyntheticDetector detector = new SyntheticDetector(DetectorSettings.defaults());
        StoredSize stored = new StoredSize();
        Map<String, long[]> sizes = new LinkedHashMap<>(); // json, stored, documents
        Map<String, ByteArrayOutputStream> compressed = new LinkedHashMap<>();
        Map<String, org.tukaani.xz.XZOutputStream> xz = new LinkedHashMap<>();
        long time = 1764362400000L;
        // -Dsnoop.sizes.jsonl=FILE also writes the documents there, one per line, to try other compressions on
        String dump = System.getProperty("snoop.sizes.jsonl");
        java.io.OutputStream lines = dump == null ? java.io.OutputStream.nullOutputStream()
                : new java.io.BufferedOutputStream(new java.io.FileOutputStream(dump));
        for (int w = 0; w < WARMUP + WINDOWS; w++) {
            for (int i = 0; i < 2000; i++) {
                Object record = detector.next();
                for (Processor<Object> p : processors.values()) {
                    if (p.eventType() != null && p.eventType().isInstance(record) && !((Object) p instanceof org.snoplus.snoop.processor.Poller)) {
                        p.event(record);
                    }
                }
            }
            time += PERIOD;
            for (Map.Entry<String, Processor<Object>> e : processors.entrySet()) {
                Map<String, Object> data = e.getValue().sample();
                if (w < WARMUP) {
                    continue;
                }
                String name = e.getKey();
                SampleDocument doc = new SampleDocument(SampleDocument.idOf(name, "daq1", time), name, time,
                        time - PERIOD, time, w, "1.0.0", "daq1", detector.run(), 2000, data);
                byte[] json = DocumentJson.toJsonBytes(doc);
                long[] s = sizes.computeIfAbsent(name, k -> new long[4]);
                s[0] += json.length + 1;
                s[1] += stored.of(doc);
                s[2]++;
                s[3] += stored.deflated(doc);
                org.tukaani.xz.XZOutputStream z = xz.computeIfAbsent(name, k -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    compressed.put(k, out);
                    try {
                        // as the JSON-lines writer compresses: preset 6, a dictionary of 1 MiB
                        org.tukaani.xz.LZMA2Options options = new org.tukaani.xz.LZMA2Options(6);
                        options.setDictSize(1 << 20);
                        return new org.tukaani.xz.XZOutputStream(out, options);
                    } catch (java.io.IOException x) {
                        throw new java.io.UncheckedIOException(x);
                    }
                });
                z.write(json);
                z.write('\n');
                lines.write(json);
                lines.write('\n');
            }
        }
        lines.close();
        System.out.println("| processor | JSON | store | store, compressed | JSON, xz | a day of JSON | a day in the store | a day of .xz |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        long[] total = new long[4];
        for (Map.Entry<String, long[]> e : sizes.entrySet()) {
            xz.get(e.getKey()).finish();
            long[] s = e.getValue();
            long json = s[0] / s[2];
            long store = s[1] / s[2];
            long xzBytes = compressed.get(e.getKey()).size() / s[2];
            long deflated = s[3] / s[2];
            total[0] += json;
            total[1] += store;
            total[2] += xzBytes;
            total[3] += deflated;
            System.out.printf("| %s | %,d | %,d | %,d | %,d | %s | %s | %s |%n", e.getKey(), json, store, deflated, xzBytes,
                    day(json), day(deflated), day(xzBytes));
        }
        System.out.printf("| all | %,d | %,d | %,d | %,d | %s | %s | %s |%n", total[0], total[1], total[3], total[2],
                day(total[0]), day(total[3]), day(total[2]));
    }

    private static String day(long bytesPerDocument) {
        double mb = bytesPerDocument * (double) PER_DAY / 1e6;
        return mb >= 1000 ? String.format("%.2f GB", mb / 1000) : String.format("%.1f MB", mb);
    }
}

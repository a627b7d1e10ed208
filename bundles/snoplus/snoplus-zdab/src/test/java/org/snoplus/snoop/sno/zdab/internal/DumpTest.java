package org.snoplus.snoop.sno.zdab.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.sno.zdab.ZdabTestData;

public class DumpTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int dump(String... args) {
        return Dump.run(args, out, err);
    }

    private List<String> lines() {
        return out.toString().lines().toList();
    }

    @Test
    public void theRealFileIsOnePmtLine() {
        String demo = ZdabTestData.demoFile().toString();

        assertEquals(err.toString(), 0, dump(demo));

        List<String> lines = lines();
        assertEquals(lines.toString(), 1, lines.size());
        String line = lines.get(0);
        assertTrue(line, line.startsWith("{\"type\":\"PMT\",\"file\":\"" + demo + "\",\"offset\":32,\"run\":3510,"
                + "\"subrun\":10,\"event\":0,\"gtid\":56981,\"trigger\":67108879,"
                + "\"triggers\":[\"100L\",\"100M\",\"100H\",\"20\",\"MISS\"],\"errors\":7,"));
        long clock50 = 0xBF530265L << 11 | 0x6BA;
        assertTrue(line, line.contains(",\"clock10\":" + 0x3C7A9_78E5F0FBL + ",\"clock50\":" + clock50));
        assertTrue(line, line.contains(",\"esum\":{\"peak\":53,\"diff\":3,\"int\":255},\"nhit\":364,"));
        assertTrue(line, line.endsWith("}") && !line.contains("\"hits\""));
        assertEquals("", err.toString());
    }

    @Test
    public void withHitsEachLineCarriesTheHitArrays() {
        assertEquals(0, dump("--hits", ZdabTestData.demoFile().toString()));

        String line = lines().get(0);
        assertTrue(line, line.contains("\"hits\":{\"lcn\":[52,204,"));
        assertTrue(line, line.contains(",9678],\"cell\":[14,12,"));
        assertTrue(line, line.contains("\"qhs\":[535,625,"));
        assertTrue(line, line.contains("\"qhl\":[533,577,"));
        assertTrue(line, line.contains("\"qlx\":[543,580,"));
        assertTrue(line, line.contains("\"tac\":[1498,1672,"));
        assertTrue(line, line.contains("\"flags\":[0,0,"));
        assertTrue(line, line.endsWith("]}}"));
    }

    @Test
    public void headerRecordsHaveLinesOfTheirOwn() throws Exception {
        Path f = tmp.getRoot().toPath().resolve("h.zdab");
        Files.write(f, ZdabTestData.write(List.of(ZdabTestData.runHeader(7), ZdabTestData.triggerSettings(5),
                ZdabTestData.pedestalSettings(6), ZdabTestData.event(1, 0, 2))));

        assertEquals(err.toString(), 0, dump(f.toString()));

        List<String> types = new ArrayList<>();
        for (String line : lines()) {
            types.add(line.substring(9, line.indexOf('"', 9)));
        }
        assertEquals(List.of("MAST", "RHDR", "MAST", "TRIG", "MAST", "EPED", "PMT"), types);
        assertTrue(lines().get(1), lines().get(1).contains(",\"run\":7,\"date\":20261128,"));
        assertTrue(lines().get(3), lines().get(3).contains(",\"gtid\":5,\"triggerMask\":32767,"));
        assertTrue(lines().get(5), lines().get(5).contains(",\"gtid\":6,\"pedestalWidth\":60,"));
    }

    @Test
    public void aMissingFileExitsWithTwoNamingIt() {
        String missing = tmp.getRoot() + "/SNOP_0000300000_000.zdab";
        assertEquals(2, dump(ZdabTestData.demoFile().toString(), missing));
        assertEquals("dump: cannot read " + missing + ": no such file\n", err.toString());
        assertEquals("the other file is dumped", 1, lines().size());
    }

    @Test
    public void aDamagedFileExitsWithOneAndSaysWhereOnStandardError() throws Exception {
        List<Object> records = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            records.add(ZdabTestData.event(2, i));
        }
        byte[] bytes = ZdabTestData.write(records);
        long at = ZdabTestData.read(bytes).offsets.get(10);
        ByteBuffer.wrap(bytes).putInt((int) at + 4, 77);
        Path f = tmp.getRoot().toPath().resolve("bad.zdab");
        Files.write(f, bytes);

        assertEquals(1, dump(f.toString()));

        assertTrue(err.toString(), err.toString().startsWith(f + "@" + at + ": no logical record at " + at));
        assertTrue(lines().size() > 20 && lines().size() < 30);
    }

    @Test
    public void wrongArgumentsExitWithTwo() {
        assertEquals(2, dump());
        assertEquals(2, dump("--pmts", "x.zdab"));
        assertTrue(err.toString(), err.toString().contains("unknown option --pmts"));
    }

    /** The dump needs nothing but the model and this bundle: run it in a JVM with only those two. */
    @Test
    public void runsWithOnlyTheModelAndThisBundleOnTheClassPath() throws Exception {
        String demo = ZdabTestData.demoFile().toString();
        String model = new File(PmtEvent.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
        String ours = new File(Dump.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(java.toString(), "-cp", model + File.pathSeparator + ours,
                Dump.class.getName(), demo).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(output, 0, p.exitValue());
        assertTrue(output, output.startsWith("{\"type\":\"PMT\""));
        assertTrue(output, output.contains("\"gtid\":56981") && output.contains("\"nhit\":364"));
        assertEquals(output, 1, output.lines().count());
    }
}

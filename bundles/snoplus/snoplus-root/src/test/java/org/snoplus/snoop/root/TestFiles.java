package org.snoplus.snoop.root;

import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.snoplus.snoop.testing.SharedData;

/**
 * Where the tests find their ROOT files: the real files of the shared data ({@code ../shared/data/root/}), and the
 * few small ones this module carries for cases the shared data lacks ({@code src/test/resources/root/README.md}).
 */
public final class TestFiles {

    /** Every real file with the tree it holds, as the shared data's README describes them. */
    public static final List<String[]> REAL = List.of(
            new String[] {"simple.root", "tree"},
            new String[] {"verysimple.root", "ntuple"},
            new String[] {"uproot-sample-6.20.04-zlib.root", "sample"},
            new String[] {"uproot-sample-6.20.04-lzma.root", "sample"},
            new String[] {"uproot-sample-6.20.04-lz4.root", "sample"},
            new String[] {"uproot-sample-6.20.04-uncompressed.root", "sample"},
            new String[] {"uproot-small-flat-tree.root", "tree"},
            new String[] {"uproot-Zmumu.root", "events"});

    /** The four compressions of the same tree. */
    public static final List<String> SAMPLE_VARIANTS = List.of("zlib", "lzma", "lz4", "uncompressed");

    private TestFiles() {
    }

    /** A file under {@code root/} of the shared data ({@code ../shared/data/root/}). */
    public static Path real(String name) {
        return SharedData.file("root/" + name);
    }

    public static Path sample(String variant) {
        return real("uproot-sample-6.20.04-" + variant + ".root");
    }

    /** A file this module carries in {@code src/test/resources/root/}. */
    public static Path resource(String name) {
        URL url = TestFiles.class.getResource("/root/" + name);
        assertTrue("test resource root/" + name + " is missing", url != null);
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A copy of a file's bytes with a change, in a temporary file deleted at exit. */
    public static Path patched(Path original, String suffix, Patch patch) {
        try {
            byte[] b = Files.readAllBytes(original);
            b = patch.apply(b);
            Path p = Files.createTempFile("snoplus-root-", "-" + suffix + ".root");
            p.toFile().deleteOnExit();
            Files.write(p, b);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A change to the bytes of a file. */
    @FunctionalInterface
    public interface Patch {
        byte[] apply(byte[] bytes);
    }
}

package org.snoplus.snoop.root;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The reference: jsroot, the ROOT team's JavaScript reader, run by Node on the same file
 * ({@code src/test/jsroot/dump.mjs}, installed by {@code npm ci} in the build). Its output is read once per
 * file and tree and kept for the run.
 */
public final class Jsroot {

    private static final Path DIR = Path.of(System.getProperty("snoop.test.jsroot", "src/test/jsroot"));
    private static final Map<String, JsonNode> CACHE = new ConcurrentHashMap<>();
    private static final ObjectMapper JSON = new ObjectMapper();

    private Jsroot() {
    }

    /** jsroot's dump of a tree: {@code {tree, entries, branches: [...], values: {branch: [per entry]}}}. */
    public static JsonNode dump(Path file, String tree) {
        return CACHE.computeIfAbsent(file.toAbsolutePath() + "#" + tree, k -> run(file, tree));
    }

    private static JsonNode run(Path file, String tree) {
        assertTrue("jsroot is not installed in " + DIR.toAbsolutePath() + " (the build runs npm ci there)",
                Files.isDirectory(DIR.resolve("node_modules/jsroot")));
        try {
            Process p = new ProcessBuilder("node", "dump.mjs", file.toAbsolutePath().toString(), tree)
                    .directory(DIR.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            // both pipes drained concurrently: a full stderr pipe would block node forever
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            byte[] out = readAll(p.getInputStream());
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("jsroot did not finish within 120 s on " + file);
            }
            String stderr = new String(err.join(), StandardCharsets.UTF_8);
            assertEquals("jsroot failed on " + file + " tree " + tree + ": " + stderr, 0, p.exitValue());
            return JSON.readTree(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run node (is Node.js installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in; ByteArrayOutputStream b = new ByteArrayOutputStream()) {
            in.transferTo(b);
            return b.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

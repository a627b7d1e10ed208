package org.snoplus.snoop.shell.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Random;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.Assume;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class JarCheckTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void aWholeBundleHasNoProblem() throws IOException {
        assertNull(JarCheck.problem(bundle("ok.jar", "org.example.ok")));
    }

    @Test
    public void eachKindOfBadJarIsNamed() throws IOException {
        Path bundle = bundle("good.jar", "org.example.good");
        byte[] bytes = Files.readAllBytes(bundle);

        assertStarts("empty", JarCheck.problem(write("empty.jar", new byte[0])));
        assertStarts("not a jar (not a zip file)", JarCheck.problem(write("text.jar", "hello\n".getBytes())));
        assertStarts("truncated or corrupt (its zip directory cannot be read",
                JarCheck.problem(write("half.jar", Arrays.copyOf(bytes, bytes.length / 2))));

        byte[] damaged = bytes.clone();
        int at = indexOf(bytes, "DATA-START".getBytes()) + 20; // inside the stored entry's bytes
        for (int i = at; i < at + 16; i++) {
            damaged[i] ^= 0x5a;
        }
        assertStarts("corrupt at entry data.bin", JarCheck.problem(write("damaged.jar", damaged)));

        Path plain = tmp.getRoot().toPath().resolve("plain.jar");
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(plain), m)) {
            out.putNextEntry(new JarEntry("a.txt"));
            out.write('a');
        }
        assertStarts("not an OSGi bundle: its manifest has no Bundle-SymbolicName", JarCheck.problem(plain));

        Path zip = tmp.getRoot().toPath().resolve("nomanifest.jar");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("a.txt"));
            out.write('a');
        }
        assertEquals("not an OSGi bundle: no META-INF/MANIFEST.MF", JarCheck.problem(zip));

        Path link = tmp.getRoot().toPath().resolve("link.jar");
        Files.createSymbolicLink(link, tmp.getRoot().toPath().resolve("gone.jar"));
        assertEquals("cannot be read: a link to a missing file", JarCheck.problem(link));
    }

    @Test
    public void anUnreadableJarIsNamedWithItsOwnerAndMode() throws IOException {
        Assume.assumeFalse("root reads any file: the unreadable jar is tested by DeployProblemsIT with the instance "
                + "run as nobody", "root".equals(System.getProperty("user.name")));
        Path jar = bundle("secret.jar", "org.example.secret");
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("---------"));
        assertStarts("cannot be read: permission denied (owner ", JarCheck.problem(jar));
    }

    private Path bundle(String name, String bsn) throws IOException {
        Path jar = tmp.getRoot().toPath().resolve(name);
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        m.getMainAttributes().putValue("Bundle-SymbolicName", bsn);
        byte[] data = new byte[4096];
        new Random(1).nextBytes(data);
        System.arraycopy("DATA-START".getBytes(), 0, data, 0, 10);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), m)) {
            JarEntry e = new JarEntry("data.bin");
            e.setMethod(ZipEntry.STORED); // its bytes as they are in the file, to damage them
            e.setSize(data.length);
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(data);
            e.setCrc(crc.getValue());
            out.putNextEntry(e);
            out.write(data);
        }
        return jar;
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = tmp.getRoot().toPath().resolve(name);
        try (OutputStream out = Files.newOutputStream(p)) {
            out.write(bytes);
        }
        return p;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }

    private static void assertStarts(String prefix, String actual) {
        assertTrue("expected '" + prefix + "...', got '" + actual + "'", actual != null && actual.startsWith(prefix));
    }
}

package org.snoplus.snoop.shell.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Why a file of the deploy directory cannot be a bundle: unreadable, empty, not a zip, truncated,
 * corrupt, or a jar that is not an OSGi bundle. FileInstall, failing to install such a file, says
 * nothing a shifter would see; {@link DeployMonitor} reports what this finds.
 */
final class JarCheck {

    /** Jars larger than this get their directory and manifest checked, not every entry's CRC. */
    static final long FULL_CHECK_BYTES = 64L << 20;
    static final String NO_SYMBOLIC_NAME = "not an OSGi bundle: its manifest has no Bundle-SymbolicName (a plain "
            + "jar; build processors with the bnd-maven-plugin, as processor-template does)";
    private static final String RENAME_HINT = "copy it under another name and rename it into the directory";

    private JarCheck() {
    }

    /** What is wrong with {@code jar}, or null if it is a readable, whole OSGi bundle. */
    static String problem(Path jar) {
        long size;
        try (SeekableByteChannel ch = Files.newByteChannel(jar)) {
            size = ch.size();
            if (size == 0) {
                return "empty (being copied? " + RENAME_HINT + ")";
            }
            ByteBuffer head = ByteBuffer.allocate(4);
            while (head.hasRemaining() && ch.read(head) >= 0) {
                // fill
            }
            if (head.position() < 4 || head.get(0) != 'P' || head.get(1) != 'K' || head.get(2) != 3 || head.get(3) != 4) {
                return "not a jar (not a zip file)";
            }
        } catch (AccessDeniedException e) {
            return "cannot be read: permission denied (" + owner(jar) + "; snoop runs as "
                    + System.getProperty("user.name") + ")";
        } catch (NoSuchFileException e) {
            return "cannot be read: " + (Files.isSymbolicLink(jar) ? "a link to a missing file" : "gone");
        } catch (IOException e) {
            return "cannot be read: " + e.getMessage();
        }
        Manifest manifest;
        try (JarFile jf = new JarFile(jar.toFile(), false)) {
            manifest = jf.getManifest();
        } catch (ZipException e) {
            return "truncated or corrupt (its zip directory cannot be read: " + e.getMessage() + "): a partial copy? "
                    + RENAME_HINT;
        } catch (IOException e) {
            return "cannot be read: " + e.getMessage();
        }
        if (size <= FULL_CHECK_BYTES) {
            String corrupt = entries(jar);
            if (corrupt != null) {
                return corrupt;
            }
        }
        if (manifest == null) {
            return "not an OSGi bundle: no META-INF/MANIFEST.MF";
        }
        Attributes main = manifest.getMainAttributes();
        if (main.getValue("Bundle-SymbolicName") == null) {
            return NO_SYMBOLIC_NAME;
        }
        return null;
    }

    /** Reads every entry (ZipInputStream checks sizes and CRCs); the first damage found, or null. */
    private static String entries(Path jar) {
        String current = null;
        byte[] buf = new byte[8192];
        try (InputStream in = Files.newInputStream(jar); ZipInputStream zin = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = zin.getNextEntry()) != null) {
                current = e.getName();
                while (zin.read(buf) >= 0) {
                    // the stream checks the entry as it ends
                }
            }
            return null;
        } catch (IOException e) {
            return "corrupt" + (current == null ? "" : " at entry " + current) + ": " + e.getMessage();
        }
    }

    private static String owner(Path p) {
        try {
            PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return "owner " + a.owner().getName() + ", mode " + PosixFilePermissions.toString(a.permissions());
        } catch (IOException | UnsupportedOperationException e) {
            return "owner unknown";
        }
    }
}

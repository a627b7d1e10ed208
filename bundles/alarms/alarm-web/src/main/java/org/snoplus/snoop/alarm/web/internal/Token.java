package org.snoplus.snoop.alarm.web.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumSet;
import java.util.Set;

/**
 * The token that opens the write endpoints: the first line of a file readable by its owner only
 * ({@code token.file}, mode 0600). It lives only here, as its SHA-256 digest: not in a
 * configuration, a service property or a log line. The file is looked at again when it changes
 * (its time and size), so a new token takes effect without a restart. Tokens are compared in
 * constant time (digests of the same length, {@link MessageDigest#isEqual}).
 */
final class Token {

    static final int MAX_BYTES = 4096;
    static final int MIN_LENGTH = 16;
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final Path file;
    private long modified = Long.MIN_VALUE;
    private long size = -1;
    private byte[] digest;
    private String problem;

    /** @param file the token file, or null when none is configured */
    Token(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** Why no token can be accepted now (no file, a loose mode...), or null when one can. */
    synchronized String problem() {
        load();
        return problem;
    }

    /** Whether {@code given} is the token; false (never an exception) when there is none. */
    boolean accepts(String given) {
        byte[] expected;
        synchronized (this) {
            load();
            expected = digest;
        }
        if (expected == null || given == null) {
            return false;
        }
        return MessageDigest.isEqual(sha256(given), expected);
    }

    private void load() {
        if (file == null) {
            digest = null;
            problem = "no token is configured (token.file in snoop.web.alarms.cfg)";
            return;
        }
        PosixFileAttributes a;
        try {
            a = Files.readAttributes(file, PosixFileAttributes.class);
        } catch (NoSuchFileException e) {
            digest = null;
            modified = Long.MIN_VALUE;
            problem = "no token file " + file + ": write a token of at least " + MIN_LENGTH + " characters on its first "
                    + "line, chmod 600";
            return;
        } catch (IOException | UnsupportedOperationException e) {
            digest = null;
            modified = Long.MIN_VALUE;
            problem = "the token file " + file + " cannot be read: " + e.getClass().getSimpleName();
            return;
        }
        if (a.lastModifiedTime().toMillis() == modified && a.size() == size) {
            return;
        }
        modified = a.lastModifiedTime().toMillis();
        size = a.size();
        digest = null;
        Set<PosixFilePermission> loose = EnumSet.noneOf(PosixFilePermission.class);
        loose.addAll(a.permissions());
        loose.retainAll(OTHERS);
        if (!a.isRegularFile()) {
            problem = "token.file " + file + " is not a regular file";
        } else if (!loose.isEmpty()) {
            problem = "token.file " + file + " has mode " + PosixFilePermissions.toString(a.permissions())
                    + ": it must be readable by its owner only (chmod 600 " + file + ")";
        } else if (a.size() > MAX_BYTES) {
            problem = "token.file " + file + " holds " + a.size() + " bytes: not a token (at most " + MAX_BYTES + ")";
        } else {
            try {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                int end = text.indexOf('\n');
                String line = (end < 0 ? text : text.substring(0, end)).strip();
                if (line.length() < MIN_LENGTH) {
                    problem = "token.file " + file + ": the token (its first line) must have at least " + MIN_LENGTH
                            + " characters";
                } else {
                    digest = sha256(line);
                    problem = null;
                }
            } catch (IOException e) {
                problem = "the token file " + file + " cannot be read: " + e.getClass().getSimpleName();
            }
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

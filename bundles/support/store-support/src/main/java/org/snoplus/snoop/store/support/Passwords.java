package org.snoplus.snoop.store.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Where the CouchDB password comes from: a file readable by its owner only ({@code password.file})
 * or an environment variable of the process ({@code password.env}). Never from the configuration:
 * Config Admin hands configuration to any bundle that asks, SCR shows it ({@code scr:info}) and
 * makes it service properties, so the configuration names where the password is, and the password
 * itself lives only in this component's memory. Shared (embedded privately) by every component that
 * talks to CouchDB: the store, the {@code _changes} reader, the replications.
 */
public final class Passwords {

    /** Larger than any password; a file beyond it is not a password file. */
    static final int MAX_BYTES = 4096;
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private Passwords() {
    }

    /**
     * The password named by {@code file} or {@code env} (at most one of them set), "" when neither
     * is; the first line of the file, without its line end.
     *
     * @throws IllegalArgumentException "bad configuration: KEY REASON", never holding the password
     */
    public static String read(String file, String env, UnaryOperator<String> environment) {
        return read("password", file, env, environment);
    }

    /**
     * As {@link #read(String, String, UnaryOperator)}, for keys {@code PREFIX.file} and
     * {@code PREFIX.env} (e.g. {@code target.password}).
     */
    public static String read(String prefix, String file, String env, UnaryOperator<String> environment) {
        String f = file == null ? "" : file.trim();
        String e = env == null ? "" : env.trim();
        if (!f.isEmpty() && !e.isEmpty()) {
            throw bad(prefix + ".file", "and " + prefix + ".env are both set: set one");
        }
        if (!e.isEmpty()) {
            if (!ENV_NAME.matcher(e).matches()) {
                throw bad(prefix + ".env", "must be the name of an environment variable, not '" + e + "'");
            }
            String value = environment.apply(e);
            if (value == null || value.isEmpty()) {
                throw bad(prefix + ".env", "names " + e + ", which is not set in snoop's environment");
            }
            return value;
        }
        return f.isEmpty() ? "" : fromFile(prefix + ".file", f);
    }

    private static String fromFile(String key, String name) {
        Path p;
        try {
            p = Path.of(name).toAbsolutePath().normalize();
        } catch (InvalidPathException ex) {
            throw bad(key, "is not a valid path: " + ex.getMessage());
        }
        PosixFileAttributes a;
        try {
            a = Files.readAttributes(p, PosixFileAttributes.class);
        } catch (NoSuchFileException ex) {
            throw bad(key, p + " does not exist");
        } catch (IOException | UnsupportedOperationException ex) {
            throw bad(key, p + " cannot be read: " + ex);
        }
        if (!a.isRegularFile()) {
            throw bad(key, p + " is not a regular file");
        }
        Set<PosixFilePermission> loose = EnumSet.noneOf(PosixFilePermission.class);
        loose.addAll(a.permissions());
        loose.retainAll(OTHERS);
        if (!loose.isEmpty()) {
            throw bad(key, p + " has mode " + PosixFilePermissions.toString(a.permissions())
                    + ": it must be readable by its owner only (chmod 600 " + p + ")");
        }
        if (a.size() > MAX_BYTES) {
            throw bad(key, p + " holds " + a.size() + " bytes: not a password (at most " + MAX_BYTES + ")");
        }
        String text;
        try {
            text = Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException ex) {
            throw bad(key, p + " cannot be read: " + ex.getClass().getSimpleName());
        }
        int end = text.indexOf('\n');
        String line = end < 0 ? text : text.substring(0, end);
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        if (line.isEmpty()) {
            throw bad(key, p + " is empty: the password is its first line");
        }
        return line;
    }

    private static IllegalArgumentException bad(String key, String reason) {
        return new IllegalArgumentException("bad configuration: " + key + " " + reason);
    }
}

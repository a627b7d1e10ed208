package org.snoplus.snoop.store.replication.internal;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import org.snoplus.snoop.store.support.Passwords;

/** A replication's configuration, validated key by key; the document it makes. */
record ReplicationSettings(String name, String url, String username, String password, String source, String target,
        String targetUsername, String targetPassword, boolean continuous, boolean createTarget, int checkS) {

    static ReplicationSettings from(String name, ReplicationConfig c) {
        return of(name, value("url", c::url), value("username", c::username), Passwords.read("password", value("password.file", c::password_file),
                        value("password.env", c::password_env), System::getenv),
                value("source", c::source), value("target", c::target), value("target.username", c::target_username),
                Passwords.read("target.password",
                        value("target.password.file", c::target_password_file),
                        value("target.password.env", c::target_password_env), System::getenv), value("continuous", c::continuous),
                value("create.target", c::create_target), value("check.s", c::check_s));
    }

    static ReplicationSettings of(String name, String url, String username, String password, String source,
            String target, String targetUsername, String targetPassword, boolean continuous, boolean createTarget,
            int checkS) {
        String u = httpUrl("url", url);
        check(source != null && !source.isBlank(), "source is required: a database name or URL");
        String s = source.trim();
        if (s.contains("://")) {
            s = httpUrl("source", s);
        } else {
            check(s.matches("[a-z][a-z0-9_$()+/-]*"), "source must be a database name or a URL, not '" + s + "'");
        }
        String t = httpUrl("target", target);
        check(URI.create(t).getPath() != null && URI.create(t).getPath().length() > 1,
                "target must name a database: http://HOST:5984/DATABASE");
        check(checkS >= 1 && checkS <= 3600, "check.s must be between 1 and 3600, not " + checkS);
        return new ReplicationSettings(name, u, blank(username), password == null ? "" : password, s, t,
                blank(targetUsername), targetPassword == null ? "" : targetPassword, continuous, createTarget, checkS);
    }

    /** The id of its document in _replicator. */
    String documentId() {
        return "snoop-" + name;
    }

    /** The source as the replicator needs it: a full URL, with the server's credentials when it is a name there. */
    String sourceUrl() {
        return source.contains("://") ? source : withCredentials(url + "/" + source, username, password);
    }

    String targetUrl() {
        return withCredentials(target, targetUsername, targetPassword);
    }

    /** For messages: no credentials. */
    String describe() {
        return (source.contains("://") ? source : url + "/" + source) + " -> " + target
                + (continuous ? " (continuous)" : " (once)");
    }

    private static String withCredentials(String url, String user, String password) {
        if (user.isEmpty()) {
            return url;
        }
        URI u = URI.create(url);
        String info = URLEncoder.encode(user, StandardCharsets.UTF_8).replace("+", "%20") + ":"
                + URLEncoder.encode(password, StandardCharsets.UTF_8).replace("+", "%20");
        return u.getScheme() + "://" + info + "@" + u.getRawAuthority() + u.getRawPath();
    }

    private static String httpUrl(String key, String value) {
        check(value != null && !value.isBlank(), key + " is required: http://HOST:5984...");
        String v = value.trim().replaceAll("/+$", "");
        URI u;
        try {
            u = URI.create(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad configuration: " + key + " '" + v + "' is not a URL");
        }
        check(("http".equals(u.getScheme()) || "https".equals(u.getScheme())) && u.getHost() != null,
                key + " must be http://HOST:PORT... or https://..., not '" + v + "'");
        check(u.getUserInfo() == null, key + " must not hold a user name or password: use the username and "
                + "password keys");
        return v;
    }

    private static String blank(String s) {
        return s == null ? "" : s.trim();
    }

    static void check(boolean ok, String reason) {
        if (!ok) {
            throw new IllegalArgumentException("bad configuration: " + reason);
        }
    }

    static <T> T value(String key, java.util.function.Supplier<T> getter) {
        try {
            return getter.get();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad configuration: " + key + " cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "ReplicationSettings[" + name + ": " + describe() + "]";
    }
}

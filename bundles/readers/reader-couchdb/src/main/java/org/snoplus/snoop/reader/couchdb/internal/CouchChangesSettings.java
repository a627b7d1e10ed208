package org.snoplus.snoop.reader.couchdb.internal;

import static org.snoplus.snoop.reader.support.ReaderConfig.check;
import static org.snoplus.snoop.reader.support.ReaderConfig.value;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

import org.snoplus.snoop.store.support.Passwords;

/** The changes reader's configuration, validated key by key. */
record CouchChangesSettings(String url, String database, String username, String password, String since,
        Set<String> types, String typeField, int limit, int timeoutMs, int maxDocBytes, long maxResponseBytes,
        int reconnectMaxMs) {

    static final int MAX_LIMIT = 10_000;
    static final int MAX_DOC_KB = 64 * 1024;
    static final int MAX_RESPONSE_MB = 1024;
    /** CouchDB's rule for database names. */
    private static final Pattern DATABASE = Pattern.compile("[a-z][a-z0-9_$()+/-]*");

    static CouchChangesSettings from(CouchChangesReaderConfig c) {
        return of(value("url", c::url), value("database", c::database), value("username", c::username),
                Passwords.read("password", value("password.file", c::password_file),
                        value("password.env", c::password_env), System::getenv), value("since", c::since), value("types", c::types),
                value("type.field", c::type_field), value("limit", c::limit), value("timeout.ms", c::timeout_ms),
                value("max.doc.kb", c::max_doc_kb), value("max.response.mb", c::max_response_mb),
                value("reconnect.max.ms", c::reconnect_max_ms));
    }

    static CouchChangesSettings of(String url, String database, String username, String password, String since,
            String types, String typeField, int limit, int timeoutMs, int maxDocKb, int maxResponseMb,
            int reconnectMaxMs) {
        check(url != null && !url.isBlank(), "url is required: http://HOST:5984");
        String u = url.trim().replaceAll("/+$", "");
        URI uri;
        try {
            uri = URI.create(u);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad configuration: url '" + u + "' is not a URL: " + e.getMessage());
        }
        check(("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null,
                "url must be http://HOST:PORT or https://..., not '" + u + "'");
        check(uri.getUserInfo() == null, "url must not hold a user name or password: use username and password");
        check(database != null && DATABASE.matcher(database.trim()).matches(),
                "database must be a CouchDB database name (lower case letter, then a-z 0-9 _$()+-/), not '" + database
                        + "'");
        check(since != null && !since.isBlank(), "since must be now, 0 or a sequence");
        check(typeField != null && !typeField.isBlank(), "type.field must name a field");
        check(limit >= 1 && limit <= MAX_LIMIT, "limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
        check(timeoutMs >= 100 && timeoutMs <= 600_000, "timeout.ms must be between 100 and 600000, not " + timeoutMs);
        check(maxDocKb >= 1 && maxDocKb <= MAX_DOC_KB,
                "max.doc.kb must be between 1 and " + MAX_DOC_KB + ", not " + maxDocKb);
        check(maxResponseMb >= 1 && maxResponseMb <= MAX_RESPONSE_MB,
                "max.response.mb must be between 1 and " + MAX_RESPONSE_MB + ", not " + maxResponseMb);
        check(reconnectMaxMs >= 250, "reconnect.max.ms must be >= 250, not " + reconnectMaxMs);
        Set<String> t = new LinkedHashSet<>();
        if (types != null) {
            for (String s : types.split(",")) {
                if (!s.isBlank()) {
                    t.add(s.trim());
                }
            }
        }
        return new CouchChangesSettings(u, database.trim(), username == null ? "" : username.trim(),
                password == null ? "" : password, since.trim(), Set.copyOf(t), typeField.trim(), limit, timeoutMs,
                maxDocKb * 1024, maxResponseMb * 1024L * 1024L, reconnectMaxMs);
    }

    /** {@code http://host:5984/db}, for messages and positions (no credentials). */
    String where() {
        return url + "/" + database;
    }

    @Override
    public String toString() {
        return "CouchChangesSettings[" + where() + ", user " + (username.isEmpty() ? "none" : username) + "]";
    }
}

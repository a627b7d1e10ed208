package org.snoplus.snoop.writer.couchdb.internal;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.apache.http.HttpResponse;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.conn.ConnectTimeoutException;
import org.apache.http.entity.ByteArrayEntity;
import org.apache.http.entity.ContentType;
import org.apache.http.util.EntityUtils;
import org.lightcouch.CouchDbClient;
import org.lightcouch.CouchDbException;
import org.lightcouch.CouchDbProperties;
import org.lightcouch.DesignDocument;
import org.lightcouch.DocumentConflictException;
import org.lightcouch.NoDocumentException;
import org.lightcouch.Response;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * One CouchDB database, through LightCouch: created if missing, its design document kept, sample
 * documents written with {@code _bulk_docs}.
 *
 * <h2>The design document {@code _design/snoop}</h2>
 * Installed (or updated, when it differs) at every (re)connection, for the query service:
 * <dl>
 * <dt>{@value #BY_NAME_TIME} (map only)</dt>
 * <dd>key {@code [name, time]}, value {@code null}, one row per sample document. Query with
 * {@code include_docs=true} for the documents:
 * <ul>
 * <li>a time range of one processor:
 * {@code _design/snoop/_view/by_name_time?startkey=["count",FROM]&endkey=["count",TO]&include_docs=true}
 * (both ends included, times in ms);</li>
 * <li>its latest document:
 * {@code ?startkey=["count",{}]&endkey=["count"]&descending=true&limit=1&include_docs=true}
 * ({@code {}} sorts after every number, {@code ["count"]} before every {@code ["count", time]}).</li>
 * </ul>
 * With LightCouch: {@code client.view("snoop/by_name_time").startKey("count", from).endKey("count", to)
 * .includeDocs(true).query(JsonObject.class)}, and for the latest
 * {@code .startKey("count", new JsonObject()).endKey(List.of("count")).descending(true).limit(1)}
 * (a key of one part must be passed as a list: {@code endKey("count")} sends {@code "count"}, not
 * {@code ["count"]}). Numbers come back from Gson as {@code Double}.</dd>
 * <dt>{@value #NAMES} (map and the built-in {@code _count} reduce)</dt>
 * <dd>key {@code name}: {@code ?group=true} gives one row per processor name with the number of
 * its documents; {@code ?reduce=false} lists the documents.</dd>
 * </dl>
 * Both take only documents that have a string {@code name} and a numeric {@code time}.
 *
 * <h2>Writing</h2>
 * A batch is posted as it is: the documents' one JSON form ({@code DocumentJson}, with
 * {@code _id}) joined into {@code {"docs":[…]}}, not converted to a second serializer's idea of
 * the same objects. Ids are deterministic, so a document arrives twice only when it is the same
 * sample written again (a replay after a timeout whose request the server did carry out, or a
 * spool read again after a crash). CouchDB answers such a document with {@code conflict}: it is
 * counted as written, not an error, and the batch goes on (the stored copy is the same sample;
 * updating it would need its revision for nothing).
 */
final class CouchDatabase implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(CouchDatabase.class);

    static final String DESIGN = "snoop";
    static final String DESIGN_ID = "_design/" + DESIGN;
    static final String BY_NAME_TIME = "by_name_time";
    static final String NAMES = "names";

    static final String BY_NAME_TIME_MAP = """
            function (doc) {
              if (typeof doc.name === 'string' && typeof doc.time === 'number') {
                emit([doc.name, doc.time], null);
              }
            }""";
    static final String NAMES_MAP = """
            function (doc) {
              if (typeof doc.name === 'string' && typeof doc.time === 'number') {
                emit(doc.name, null);
              }
            }""";
    static final String NAMES_REDUCE = "_count";

    /** The database could not take a request now (down, slow, refusing us): try again later. */
    static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String reason, Throwable cause) {
            super(reason, cause, false, false);
        }
    }

    /**
     * The server refused the request for what it holds ({@code bad_request}, {@code too_large}):
     * sending it again will not help, sending less might.
     */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused(String reason, Throwable cause) {
            super(reason, cause, false, false);
        }
    }

    /** What became of a batch: stored now, stored already, or rejected one by one. */
    record Outcome(int written, int present, List<Response> rejected) {
    }

    private final URI server;
    private final String database;
    private final String username;
    private final String password;
    private final int timeoutMs;
    private CouchDbClient client; // made at the first connection; it reconnects by itself after that
    private volatile boolean closed;

    /**
     * @param server {@code http://host:port} with an optional path, without credentials
     * @param username empty for none
     */
    CouchDatabase(URI server, String database, String username, String password, int timeoutMs) {
        this.server = server;
        this.database = database;
        this.username = username;
        this.password = password;
        this.timeoutMs = timeoutMs;
    }

    /**
     * Reaches the server, creates the database if it is missing and installs or updates the
     * design document. Called again after every outage: a server may come back empty.
     */
    synchronized void connect() throws Unavailable {
        if (closed) {
            throw new Unavailable("closed", null);
        }
        try {
            if (client == null) {
                client = new CouchDbClient(properties()); // asks the server for its version
            }
            ensureDatabase();
            if (client.design().synchronizeWithDb(designDocument()) != null) {
                LOG.info("{}: design document {} installed", this, DESIGN_ID);
            }
        } catch (DocumentConflictException e) {
            // another writer installed it at the same moment: it is there
        } catch (RuntimeException e) {
            throw new Unavailable(reason(e), e);
        }
    }

    private void ensureDatabase() {
        try {
            client.context().info();
        } catch (NoDocumentException missing) {
            try {
                client.context().createDB(database);
                LOG.info("{}: database created", this);
            } catch (CouchDbException e) {
                client.context().info(); // 412: another writer created it meanwhile; else this fails too
            }
        }
    }

    static DesignDocument designDocument() {
        DesignDocument.MapReduce byNameTime = new DesignDocument.MapReduce();
        byNameTime.setMap(BY_NAME_TIME_MAP);
        DesignDocument.MapReduce names = new DesignDocument.MapReduce();
        names.setMap(NAMES_MAP);
        names.setReduce(NAMES_REDUCE);
        DesignDocument dd = new DesignDocument();
        dd.setId(DESIGN_ID);
        dd.setLanguage("javascript");
        dd.setViews(new java.util.HashMap<>(Map.of(BY_NAME_TIME, byNameTime, NAMES, names)));
        return dd;
    }

    /**
     * Writes documents with one {@code _bulk_docs} request.
     *
     * @param documents JSON objects with their {@code _id}
     * @throws Unavailable if the request failed as a whole for a reason that may pass
     * @throws Refused if the server refused the request for its content (a batch of one tells
     *         which document)
     */
    Outcome bulk(List<byte[]> documents) throws Unavailable, Refused {
        CouchDbClient c;
        synchronized (this) {
            c = client;
        }
        if (c == null || closed) {
            throw new Unavailable(closed ? "closed" : "not connected", null);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(documents.size() * 300 + 16);
        body.writeBytes("{\"docs\":[".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < documents.size(); i++) {
            if (i > 0) {
                body.write(',');
            }
            body.writeBytes(documents.get(i));
        }
        body.writeBytes("]}".getBytes(StandardCharsets.US_ASCII));
        HttpPost post = new HttpPost(c.getDBUri().resolve("_bulk_docs"));
        post.setEntity(new ByteArrayEntity(body.toByteArray(), ContentType.APPLICATION_JSON));
        HttpResponse response;
        try {
            response = c.executeRequest(post);
        } catch (NoDocumentException e) {
            throw new Unavailable("the database " + database + " does not exist", e);
        } catch (CouchDbException e) {
            String[] error = error(e);
            if (error != null && ("bad_request".equals(error[0]) || "too_large".equals(error[0]))) {
                throw new Refused(error[0] + ": " + error[1], e);
            }
            throw new Unavailable(reason(e), e);
        } catch (RuntimeException e) {
            throw new Unavailable(reason(e), e);
        }
        Response[] answers;
        try (InputStream in = response.getEntity().getContent(); Reader r = new InputStreamReader(in,
                StandardCharsets.UTF_8)) {
            answers = c.getGson().fromJson(r, Response[].class);
        } catch (Exception e) {
            post.abort();
            throw new Unavailable("unexpected answer to _bulk_docs: " + e.getMessage(), e);
        } finally {
            EntityUtils.consumeQuietly(response.getEntity());
        }
        if (answers == null || answers.length != documents.size()) {
            throw new Unavailable("unexpected answer to _bulk_docs: " + (answers == null ? "none" : answers.length
                    + " results for " + documents.size() + " documents"), null);
        }
        int written = 0;
        int present = 0;
        List<Response> rejected = new java.util.ArrayList<>(0);
        for (Response a : answers) {
            String error = a.getError();
            if (error == null) {
                written++;
            } else if ("conflict".equals(error)) {
                present++;
            } else if ("forbidden".equals(error) || "unauthorized".equals(error)) {
                rejected.add(a); // a validate_doc_update said no: it will say no again
            } else {
                throw new Unavailable("document " + a.getId() + " not written: " + error + ": " + a.getReason(), null);
            }
        }
        return new Outcome(written, present, rejected);
    }

    /** The client, for reading back (tests, and queries that follow a write). */
    synchronized CouchDbClient client() {
        return client;
    }

    @Override
    public void close() {
        CouchDbClient c;
        synchronized (this) {
            closed = true;
            c = client;
        }
        if (c != null) {
            c.shutdown(); // aborts a request under way in another thread
        }
    }

    private CouchDbProperties properties() {
        String path = server.getRawPath() == null ? "" : server.getRawPath().replaceAll("^/+", "");
        if (!path.isEmpty() && !path.endsWith("/")) {
            path += "/"; // LightCouch appends the database name to it as it is
        }
        boolean https = "https".equalsIgnoreCase(server.getScheme());
        int port = server.getPort() != -1 ? server.getPort() : https ? 443 : 80;
        CouchDbProperties p = new CouchDbProperties(database, false, https ? "https" : "http", server.getHost(), port,
                username.isEmpty() ? null : username, username.isEmpty() ? null : password);
        p.setPath(path.isEmpty() ? null : path);
        p.setSocketTimeout(timeoutMs);
        p.setConnectionTimeout(timeoutMs);
        p.setMaxConnections(4);
        return p;
    }

    /**
     * A short reason a shifter can act on: "Connection refused", "no answer within 10000 ms",
     * "unauthorized: Name or password is incorrect."
     */
    private String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException || t instanceof ConnectTimeoutException) {
                return "no answer within " + timeoutMs + " ms (timeout.ms)";
            }
            if (t instanceof UnknownHostException) {
                return "unknown host " + t.getMessage();
            }
            if (t instanceof ConnectException && t.getMessage() != null) {
                return t.getMessage().contains("refused") ? "Connection refused" : t.getMessage();
            }
        }
        if (e instanceof NoDocumentException) {
            return "not found: " + e.getMessage();
        }
        if (e instanceof CouchDbException) {
            String[] error = error((CouchDbException) e);
            if (error != null) {
                return error[0] + ": " + error[1];
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return m == null || m.isBlank() ? root.getClass().getSimpleName() : m.trim();
    }

    /**
     * The {@code error} and {@code reason} of an HTTP error answer. LightCouch reports a status it
     * does not expect as a {@link CouchDbException} whose message is the reason phrase followed by
     * the body, CouchDB's {@code {"error": …, "reason": …}}.
     */
    private static String[] error(CouchDbException e) {
        String m = e.getMessage();
        int brace = m == null ? -1 : m.indexOf('{');
        if (brace < 0) {
            return null;
        }
        try {
            JsonObject o = JsonParser.parseString(m.substring(brace)).getAsJsonObject();
            if (!o.has("error")) {
                return null;
            }
            String error = o.get("error").getAsString();
            String reason = o.has("reason") && !o.get("reason").isJsonNull() ? o.get("reason").getAsString() : "";
            return new String[] {error, reason};
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    @Override
    public String toString() {
        return server.toString().replaceAll("/+$", "") + "/" + database;
    }
}

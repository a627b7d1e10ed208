package org.snoplus.snoop.store.couchdb.internal;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.http.HttpResponse;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.methods.HttpPost;
import org.apache.http.client.methods.HttpRequestBase;
import org.apache.http.conn.ConnectTimeoutException;
import org.apache.http.conn.ConnectionPoolTimeoutException;
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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

/**
 * One CouchDB database, through LightCouch: created if missing, its design document kept, sample
 * documents written with {@code _bulk_docs}, and the plain GETs through which {@link CouchDbStore}
 * reads them back.
 *
 * <h2>The design document {@code _design/snoop}</h2>
 * Installed (or updated, when it differs) at every (re)connection, for the query service:
 * <dl>
 * <dt>{@value #BY_NAME_TIME} (map and the built-in {@code _count} reduce)</dt>
 * <dd>key {@code [name, time]}, value {@code null}, one row per sample document. Query it with
 * {@code reduce=false} for rows (and {@code include_docs=true} for the documents), without for
 * counts:
 * <ul>
 * <li>a time range of one processor, {@code [FROM, TO)}:
 * {@code _design/snoop/_view/by_name_time?reduce=false&include_docs=true&startkey=["count",FROM]&endkey=["count",TO]&inclusive_end=false}
 * (times in ms; without {@code inclusive_end=false} the end is included);</li>
 * <li>how many documents that range holds: the same without {@code reduce=false} and
 * {@code include_docs};</li>
 * <li>its latest document:
 * {@code ?reduce=false&include_docs=true&startkey=["count",{}]&endkey=["count"]&descending=true&limit=1}
 * ({@code {}} sorts after every number, {@code ["count"]} before every {@code ["count", time]});</li>
 * <li>the processors and how many documents each has: {@code ?group_level=1}.</li>
 * </ul>
 * With LightCouch: {@code client.view("snoop/by_name_time").reduce(false).startKey("count", from)
 * .endKey("count", to).includeDocs(true).query(JsonObject.class)}, and for the latest
 * {@code .startKey("count", new JsonObject()).endKey(List.of("count")).descending(true).limit(1)}
 * (a key of one part must be passed as a list: {@code endKey("count")} sends {@code "count"}, not
 * {@code ["count"]}). Numbers come back from Gson as {@code Double}: {@link CouchDbStore} reads
 * the answers' JSON itself. The reduce was added with the store: a reader of an older snoop
 * that queries the view with {@code include_docs} and without {@code reduce=false} now gets an
 * error from CouchDB.</dd>
 * <dt>{@value #NAMES} (map and the built-in {@code _count} reduce)</dt>
 * <dd>key {@code name}: {@code ?group=true} gives one row per processor name with the number of
 * its documents; {@code ?reduce=false} lists the documents. Kept for other readers; the store
 * asks {@value #BY_NAME_TIME} with {@code group_level=1} instead, which is the same answer from
 * the index it reads anyway (a CouchDB-API server that indexes views one by one, as PouchDB does,
 * then builds one index, not two).</dd>
 * </dl>
 * Both take only documents that have a string {@code name} and a numeric {@code time}. Keys are
 * made in JavaScript: a {@code time} beyond ±2<sup>53</sup> ms is rounded in them (the documents
 * themselves keep it exact).
 *
 * <h2>Writing</h2>
 * A batch is posted as it is: the documents' one JSON form ({@code DocumentJson}, with
 * {@code _id}) joined into {@code {"docs":[…]}}, not converted to a second serializer's idea of
 * the same objects. Ids are deterministic, so a document arrives again when the same sample is
 * written again (a replay after a timeout whose request the server did carry out, or a spool
 * read again after a crash) or when a sample is written anew on purpose. CouchDB answers with
 * {@code conflict}; the stored copies of those documents are then read ({@code _all_docs} with
 * their ids): one equal to the new one is counted as present and left alone, one that differs is
 * replaced (posted again with the stored revision), so that writing a document again replaces
 * it, as in every store.
 */
final class CouchDatabase implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(CouchDatabase.class);
    private static final ObjectMapper JSON = new ObjectMapper();

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
    static final String BY_NAME_TIME_REDUCE = "_count";
    /** Rounds of replacing documents that changed again meanwhile, before giving up for now. */
    private static final int REPLACE_ROUNDS = 4;

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

    /**
     * What a read found missing ({@code 404}): the database, or its design document. Making them
     * again ({@link #connect}) and asking again answers it.
     */
    static final class Missing extends Exception {
        private static final long serialVersionUID = 1L;

        Missing(String reason, Throwable cause) {
            super(reason, cause, false, false);
        }
    }

    /**
     * What became of a batch: stored now (new, or replacing a different stored copy), stored
     * already (the same copy), or rejected one by one.
     */
    record Outcome(int written, int present, List<Response> rejected) {
    }

    private final URI server;
    private final String database;
    private final String username;
    private final String password;
    private final int timeoutMs;
    private final int readTimeoutMs;
    private final RequestConfig reads;
    private CouchDbClient client; // made at the first connection; it reconnects by itself after that
    private volatile boolean closed;

    /**
     * @param server {@code http://host:port} with an optional path, without credentials
     * @param username empty for none
     */
    CouchDatabase(URI server, String database, String username, String password, int timeoutMs) {
        this(server, database, username, password, timeoutMs, timeoutMs);
    }

    /**
     * @param server {@code http://host:port} with an optional path, without credentials
     * @param username empty for none
     * @param timeoutMs connect timeout, and read timeout of writes
     * @param readTimeoutMs read timeout of {@link #get}: a view answers only once its index has
     *        caught up with the database, which takes longer after many writes
     */
    CouchDatabase(URI server, String database, String username, String password, int timeoutMs,
            int readTimeoutMs) {
        this.server = server;
        this.database = database;
        this.username = username;
        this.password = password;
        this.timeoutMs = timeoutMs;
        this.readTimeoutMs = readTimeoutMs;
        this.reads = RequestConfig.custom().setConnectTimeout(timeoutMs).setSocketTimeout(readTimeoutMs)
                .setConnectionRequestTimeout(readTimeoutMs).build();
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
        byNameTime.setReduce(BY_NAME_TIME_REDUCE);
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
     * Writes documents with one {@code _bulk_docs} request (and, for those the database holds
     * already in another version, a second one that replaces them).
     *
     * @param documents JSON objects with their {@code _id}
     * @throws Unavailable if the request failed as a whole for a reason that may pass
     * @throws Refused if the server refused the request for its content (a batch of one tells
     *         which document)
     */
    Outcome bulk(List<byte[]> documents) throws Unavailable, Refused {
        CouchDbClient c = connected();
        int written = 0;
        int present = 0;
        List<Response> rejected = new ArrayList<>(0);
        List<byte[]> sent = documents;
        List<byte[]> originals = documents;
        for (int round = 0;; round++) {
            Response[] answers = post(c, sent);
            List<byte[]> conflicting = new ArrayList<>(0);
            for (int i = 0; i < answers.length; i++) {
                Response a = answers[i];
                String error = a.getError();
                if (error == null) {
                    written++;
                } else if ("conflict".equals(error)) {
                    conflicting.add(originals.get(i));
                } else if ("forbidden".equals(error) || "unauthorized".equals(error)) {
                    rejected.add(a); // a validate_doc_update said no: it will say no again
                } else {
                    throw new Unavailable("document " + a.getId() + " not written: " + error + ": " + a.getReason(),
                            null);
                }
            }
            if (conflicting.isEmpty()) {
                return new Outcome(written, present, rejected);
            }
            if (round == REPLACE_ROUNDS) {
                throw new Unavailable(conflicting.size() + " documents changed in the database every time they "
                        + "were replaced (" + idOf(conflicting.get(0)) + "…)", null);
            }
            List<byte[]> replacing = new ArrayList<>(conflicting.size());
            List<byte[]> replacements = new ArrayList<>(conflicting.size());
            present += replacements(c, conflicting, replacing, replacements);
            if (replacing.isEmpty()) {
                return new Outcome(written, present, rejected);
            }
            sent = replacements;
            originals = replacing;
        }
    }

    private CouchDbClient connected() throws Unavailable {
        CouchDbClient c;
        synchronized (this) {
            c = client;
        }
        if (c == null || closed) {
            throw new Unavailable(closed ? "closed" : "not connected", null);
        }
        return c;
    }

    /** Posts documents to {@code _bulk_docs}: one answer a document, in their order. */
    private Response[] post(CouchDbClient c, List<byte[]> documents) throws Unavailable, Refused {
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
        HttpResponse response = execute(c, post);
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
        return answers;
    }

    private HttpResponse execute(CouchDbClient c, HttpRequestBase request) throws Unavailable, Refused {
        try {
            return c.executeRequest(request);
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
    }

    /**
     * Reads the stored copies of documents that conflicted: those that differ from ours go to
     * {@code replacing} and, with the stored revision, to {@code replacements}; those that are
     * gone (deleted meanwhile) are posted again as they are.
     *
     * @return how many are stored already as they are
     */
    private int replacements(CouchDbClient c, List<byte[]> conflicting, List<byte[]> replacing,
            List<byte[]> replacements) throws Unavailable, Refused {
        List<ObjectNode> ours = new ArrayList<>(conflicting.size());
        ObjectNode keys = JSON.createObjectNode();
        ArrayNode ids = keys.putArray("keys");
        for (byte[] d : conflicting) {
            ObjectNode doc = tree(d);
            ours.add(doc);
            ids.add(doc.path("_id").asText());
        }
        HttpPost post = new HttpPost(c.getDBUri().resolve("_all_docs?include_docs=true"));
        post.setEntity(new ByteArrayEntity(bytes(keys), ContentType.APPLICATION_JSON));
        HttpResponse response = execute(c, post);
        JsonNode rows;
        try (InputStream in = response.getEntity().getContent()) {
            rows = JSON.readTree(in).path("rows");
        } catch (IOException | RuntimeException e) {
            post.abort();
            throw new Unavailable("unexpected answer to _all_docs: " + e.getMessage(), e);
        } finally {
            EntityUtils.consumeQuietly(response.getEntity());
        }
        if (!rows.isArray() || rows.size() != conflicting.size()) {
            throw new Unavailable("unexpected answer to _all_docs: " + rows.size() + " rows for "
                    + conflicting.size() + " ids", null);
        }
        int same = 0;
        for (int i = 0; i < conflicting.size(); i++) {
            JsonNode stored = rows.get(i).path("doc");
            if (!stored.isObject()) {
                replacing.add(conflicting.get(i));
                replacements.add(conflicting.get(i));
                continue;
            }
            ObjectNode copy = ((ObjectNode) stored).deepCopy();
            String rev = copy.path("_rev").asText();
            copy.remove("_rev");
            if (copy.equals(ours.get(i))) {
                same++;
            } else {
                replacing.add(conflicting.get(i));
                replacements.add(withRevision(conflicting.get(i), rev));
            }
        }
        return same;
    }

    /** The document with {@code "_rev": rev} put first, its own bytes otherwise untouched. */
    static byte[] withRevision(byte[] document, String rev) {
        byte[] field = ("\"_rev\":" + jsonText(rev) + (document.length > 2 ? "," : ""))
                .getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[document.length + field.length];
        out[0] = '{';
        System.arraycopy(field, 0, out, 1, field.length);
        System.arraycopy(document, 1, out, 1 + field.length, document.length - 1);
        return out;
    }

    private static String jsonText(String text) {
        try {
            return JSON.writeValueAsString(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode tree(byte[] document) throws Unavailable {
        try {
            JsonNode n = JSON.readTree(document);
            if (n instanceof ObjectNode o) {
                return o;
            }
        } catch (IOException e) {
            // below
        }
        throw new Unavailable("a document to write is not a JSON object", null);
    }

    private static String idOf(byte[] document) {
        try {
            return JSON.readTree(document).path("_id").asText();
        } catch (IOException e) {
            return "?";
        }
    }

    private static byte[] bytes(JsonNode n) {
        try {
            return JSON.writeValueAsBytes(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A GET of {@code relative} (a path and query under the database's URI; empty for the
     * database itself) with the read timeout: the body of its answer. Connects first if nothing
     * has yet.
     *
     * @throws Missing if the answer is 404: the database or the design document is missing
     * @throws Unavailable if the server cannot be reached or does not answer in time, or
     *         answers another error
     */
    byte[] get(String relative) throws Missing, Unavailable {
        CouchDbClient c;
        synchronized (this) {
            c = client;
        }
        if (closed) {
            throw new Unavailable("closed", null);
        }
        if (c == null) {
            connect();
            synchronized (this) {
                c = client;
            }
        }
        HttpGet get = new HttpGet(c.getDBUri().resolve(relative));
        get.setConfig(reads);
        HttpResponse response;
        try {
            response = c.executeRequest(get);
        } catch (NoDocumentException e) {
            throw new Missing(e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new Unavailable(readReason(e), e);
        }
        try {
            return EntityUtils.toByteArray(response.getEntity());
        } catch (IOException | RuntimeException e) {
            get.abort();
            throw new Unavailable(readReason(e), e);
        } finally {
            EntityUtils.consumeQuietly(response.getEntity());
        }
    }

    private String readReason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException) {
                return "no answer within " + readTimeoutMs + " ms (read.timeout.ms; a view answers once its index "
                        + "has caught up with the database)";
            }
            if (t instanceof ConnectionPoolTimeoutException) {
                return "no connection free within " + readTimeoutMs + " ms (read.timeout.ms)";
            }
        }
        return reason(e);
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
        p.setMaxConnections(8); // the writer uses one; the others are for the store's readers
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

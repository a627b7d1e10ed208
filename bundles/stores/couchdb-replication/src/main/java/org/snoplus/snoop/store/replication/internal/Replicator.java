package org.snoplus.snoop.store.replication.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The server's {@code _replicator} database, for one replication: its document put, compared,
 * removed, and its state read ({@code _scheduler/docs} on CouchDB 3, else the document's
 * {@code _replication_state}). Answers are small; each request waits at most 10 s.
 */
final class Replicator {

    /** What the server says of the replication. */
    record State(String state, String info) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ReplicationSettings settings;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String authorization;

    Replicator(ReplicationSettings settings) {
        this.settings = settings;
        this.authorization = settings.username().isEmpty() ? null : "Basic " + Base64.getEncoder().encodeToString(
                (settings.username() + ":" + settings.password()).getBytes(StandardCharsets.UTF_8));
    }

    /** The document this replication should be. */
    Map<String, Object> wanted() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("source", settings.sourceUrl());
        d.put("target", settings.targetUrl());
        d.put("continuous", settings.continuous());
        d.put("create_target", settings.createTarget());
        d.put("owner", "snoop " + settings.name());
        return d;
    }

    /**
     * Puts the document if it is missing or differs from the configuration.
     *
     * @return true if it was written
     */
    boolean ensure() throws IOException, InterruptedException {
        ensureDatabase();
        Map<String, Object> want = wanted();
        // the replicator writes its state into the document too: a conflict means read it again
        for (int attempt = 1;; attempt++) {
            JsonNode current = get(doc());
            if (current != null && same(current, want)) {
                return false;
            }
            ObjectNode body = JSON.valueToTree(want);
            if (current != null) {
                // CouchDB (2 and later) restarts a replication whose document is updated
                body.put("_rev", current.path("_rev").asText());
            }
            HttpResponse<String> r = request("PUT", doc(), JSON.writeValueAsString(body));
            if (r.statusCode() == 201 || r.statusCode() == 202) {
                return true;
            }
            if (r.statusCode() == 403 && current != null && r.body().contains("triggered") && attempt < 5) {
                // CouchDB 1.x and PouchDB forbid editing a running replication's document: replace it
                delete(current.path("_rev").asText());
                continue;
            }
            if (r.statusCode() != 409 || attempt == 5) {
                throw new IOException("PUT " + doc() + " answered " + r.statusCode() + hint(r.statusCode()) + ": "
                        + r.body());
            }
            Thread.sleep(50L * attempt);
        }
    }

    private void ensureDatabase() throws IOException, InterruptedException {
        HttpResponse<String> r = request("PUT", settings.url() + "/_replicator", null);
        if (r.statusCode() != 201 && r.statusCode() != 202 && r.statusCode() != 412) {
            throw new IOException(settings.url() + "/_replicator cannot be created: " + r.statusCode() + " "
                    + r.body());
        }
    }

    private static boolean same(JsonNode current, Map<String, Object> want) {
        for (Map.Entry<String, Object> e : want.entrySet()) {
            JsonNode v = current.get(e.getKey());
            if (v == null || !Objects.equals(JSON.convertValue(v, Object.class), e.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** Removes the document: CouchDB stops the replication. */
    void remove() throws IOException, InterruptedException {
        JsonNode current = get(doc());
        if (current != null) {
            delete(current.path("_rev").asText());
        }
    }

    private void delete(String rev) throws IOException, InterruptedException {
        send("DELETE", doc() + "?rev=" + rev, null, 200, 202, 404);
    }

    /** The replication's state as the server tells it. */
    State state() throws IOException, InterruptedException {
        JsonNode s = get(settings.url() + "/_scheduler/docs/_replicator/" + settings.documentId());
        if (s != null && s.has("state")) {
            JsonNode info = s.get("info");
            String error = info != null && info.has("error") ? info.get("error").asText() : null;
            String written = info != null && info.has("docs_written") ? info.get("docs_written").asText() : null;
            return new State(s.get("state").asText(), error != null ? error
                    : written != null ? written + " documents written" : null);
        }
        JsonNode d = get(doc());
        if (d == null) {
            return new State("missing", null);
        }
        String reason = d.has("_replication_state_reason") ? d.get("_replication_state_reason").asText() : null;
        return new State(d.has("_replication_state") ? d.get("_replication_state").asText() : "waiting", reason);
    }

    private String doc() {
        return settings.url() + "/_replicator/" + settings.documentId();
    }

    private JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<String> r = request("GET", url, null);
        if (r.statusCode() == 404) {
            return null;
        }
        if (r.statusCode() != 200) {
            throw new IOException(strip(url) + " answered " + r.statusCode() + hint(r.statusCode()) + ": " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private void send(String method, String url, String body, int... ok) throws IOException, InterruptedException {
        HttpResponse<String> r = request(method, url, body);
        for (int k : ok) {
            if (r.statusCode() == k) {
                return;
            }
        }
        throw new IOException(method + " " + strip(url) + " answered " + r.statusCode() + hint(r.statusCode()) + ": "
                + r.body());
    }

    private static String hint(int status) {
        return status == 401 || status == 403 ? " (check username and password: writing _replicator needs an admin)"
                : "";
    }

    private static String strip(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    private HttpResponse<String> request(String method, String url, String body) throws IOException,
            InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Accept", "application/json").header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException e) {
            throw new IOException(settings.url() + " cannot be reached: connection refused", e);
        }
    }
}

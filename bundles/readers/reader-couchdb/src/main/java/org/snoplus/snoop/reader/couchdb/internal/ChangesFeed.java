package org.snoplus.snoop.reader.couchdb.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

/**
 * One database's {@code _changes} feed over HTTP, one long-polling request at a time: the
 * changes after a sequence, their documents read as they stream in, each bounded in size. A
 * sequence is kept as the JSON value the server gave (a string in CouchDB 3, a number in others)
 * and sent back as it was: never parsed, never compared.
 */
final class ChangesFeed {

    /** What one request brought: the documents to publish, the sequence after them, and counts. */
    record Batch(List<Map<String, Object>> documents, JsonNode lastSeq, long pending, int skipped,
            List<String> malformed) {
    }

    /** An answer larger than {@code max.response.mb}: asked again in smaller pieces. */
    static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(String message) {
            super(message);
        }
    }

    /** An answer that is not a changes feed, or an error status: named, with what the server said. */
    static final class BadAnswer extends IOException {
        private static final long serialVersionUID = 1L;

        BadAnswer(String message) {
            super(message);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectReader DOCUMENT = JSON.readerFor(new TypeReference<LinkedHashMap<String, Object>>() {
    });

    private final CouchChangesSettings settings;
    private final HttpClient http;
    private final String authorization;

    ChangesFeed(CouchChangesSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.authorization = settings.username().isEmpty() ? null
                : "Basic " + Base64.getEncoder().encodeToString((settings.username() + ":" + settings.password())
                        .getBytes(StandardCharsets.UTF_8));
    }

    /** The database's current sequence ({@code update_seq} of {@code GET /db}). */
    JsonNode currentSequence(BooleanSupplier going) throws IOException, InterruptedException {
        byte[] body = get(URI.create(settings.where()), 30_000, 1 << 20, going);
        JsonNode info = JSON.readTree(body);
        JsonNode seq = info == null ? null : info.get("update_seq");
        if (seq == null) {
            throw new BadAnswer(settings.where() + " answered without update_seq: not a CouchDB database");
        }
        return seq;
    }

    /**
     * The changes after {@code since}, at most {@code limit}, waiting up to {@code timeout.ms} for
     * the first one.
     */
    Batch next(JsonNode since, int limit, BooleanSupplier going) throws IOException, InterruptedException {
        return next(since, limit, true, going);
    }

    /**
     * As {@link #next(JsonNode, int, BooleanSupplier)}; without documents, the answer names the
     * changes only (to step over one whose document is too large to be read).
     */
    Batch next(JsonNode since, int limit, boolean documents, BooleanSupplier going)
            throws IOException, InterruptedException {
        String query = "?feed=longpoll&include_docs=" + documents + "&limit=" + limit + "&timeout=" + settings.timeoutMs()
                + "&since=" + URLEncoder.encode(text(since), StandardCharsets.UTF_8);
        URI uri = URI.create(settings.where() + "/_changes" + query);
        long maxBytes = Math.min(settings.maxResponseBytes(), (long) limit * settings.maxDocBytes() + (1 << 20));
        return parse(get(uri, settings.timeoutMs() + 30_000L, maxBytes, going));
    }

    /** A sequence as the server wants it back in a URL. */
    static String text(JsonNode seq) {
        return seq.isTextual() ? seq.textValue() : seq.toString();
    }

    private Batch parse(byte[] body) throws IOException {
        List<Map<String, Object>> documents = new ArrayList<>();
        List<String> malformed = new ArrayList<>();
        JsonNode lastSeq = null;
        long pending = -1;
        int skipped = 0;
        try (JsonParser p = JSON.getFactory().createParser(body)) {
            expect(p.nextToken() == JsonToken.START_OBJECT, "an object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                switch (field) {
                    case "results" -> {
                        expect(p.currentToken() == JsonToken.START_ARRAY, "results as an array");
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            skipped += result(p, documents, malformed);
                        }
                    }
                    case "last_seq" -> lastSeq = JSON.readTree(p);
                    case "pending" -> pending = p.getValueAsLong(-1);
                    default -> p.skipChildren();
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new BadAnswer(settings.where() + "/_changes answered what is not JSON: " + e.getOriginalMessage());
        }
        expect(lastSeq != null, "last_seq");
        return new Batch(documents, lastSeq, pending, skipped, malformed);
    }

    /** Reads one change; adds its document if it is one to publish. Answers 1 if it was skipped. */
    private int result(JsonParser p, List<Map<String, Object>> documents, List<String> malformed) throws IOException {
        String id = null;
        boolean deleted = false;
        Map<String, Object> doc = null;
        long docBytes = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "id" -> id = p.getValueAsString();
                case "deleted" -> deleted = p.getValueAsBoolean();
                case "doc" -> {
                    if (p.currentToken() == JsonToken.START_OBJECT) {
                        long start = p.currentTokenLocation().getByteOffset();
                        doc = DOCUMENT.readValue(p);
                        docBytes = p.currentLocation().getByteOffset() - start;
                    } else {
                        p.skipChildren();
                    }
                }
                default -> p.skipChildren(); // seq, changes
            }
        }
        if (deleted || doc == null || id == null || id.startsWith("_design/") || id.startsWith("_local/")) {
            return 1;
        }
        if (docBytes > settings.maxDocBytes()) {
            malformed.add("document " + id + " of " + (docBytes >> 10) + " kB, above max.doc.kb = "
                    + (settings.maxDocBytes() >> 10));
            return 0;
        }
        if (!settings.types().isEmpty() && !settings.types().contains(String.valueOf(doc.get(settings.typeField())))) {
            return 1;
        }
        documents.add(doc);
        return 0;
    }

    private void expect(boolean ok, String what) throws BadAnswer {
        if (!ok) {
            throw new BadAnswer(settings.where() + "/_changes answered without " + what + ": not a CouchDB changes feed");
        }
    }

    /**
     * Sends a GET and waits for the whole answer, at most {@code maxBytes} of it (a larger one is
     * {@link TooLarge}), while the reader is going (the wait is cut short and the request
     * cancelled when it stops) and for at most {@code timeoutMs}. A status other than 200 is an
     * error naming the database and what the server said. The answer is read whole, not streamed:
     * a read of a stream would not notice a stopping reader, and the bound keeps it small.
     */
    private byte[] get(URI uri, long timeoutMs, long maxBytes, BooleanSupplier going)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(timeoutMs))
                .header("Accept", "application/json");
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        CompletableFuture<HttpResponse<byte[]>> f = http.sendAsync(b.build(), info -> new Bounded(maxBytes));
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        HttpResponse<byte[]> r;
        try {
            while (true) {
                try {
                    r = f.get(200, TimeUnit.MILLISECONDS);
                    break;
                } catch (TimeoutException e) {
                    if (!going.getAsBoolean()) {
                        f.cancel(true);
                        throw new InterruptedException("stopped");
                    }
                    if (System.nanoTime() - deadline > 0) {
                        f.cancel(true);
                        throw new IOException(settings.where() + " did not answer within " + timeoutMs + " ms");
                    }
                }
            }
        } catch (InterruptedException e) {
            f.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof TooLarge t) {
                throw new TooLarge(settings.where() + ": " + t.getMessage());
            }
            String why = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
            if (c instanceof java.net.ConnectException) {
                why = "connection refused";
            }
            throw new IOException(settings.url() + " cannot be reached: " + why, c);
        }
        if (r.statusCode() != 200) {
            String said = new String(r.body(), 0, Math.min(500, r.body().length), StandardCharsets.UTF_8).strip();
            String hint = r.statusCode() == 404 ? " (no database " + settings.database() + " there)"
                    : r.statusCode() == 401 || r.statusCode() == 403 ? " (check username and password)" : "";
            throw new BadAnswer(settings.where() + " answered " + r.statusCode() + hint + ": " + said);
        }
        return r.body();
    }

    /** An answer's bytes, refused beyond a bound (the request is cancelled then). */
    private static final class Bounded implements HttpResponse.BodySubscriber<byte[]> {
        private final long max;
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private final List<ByteBuffer> parts = new ArrayList<>();
        private long size;
        private Flow.Subscription subscription;

        Bounded(long max) {
            this.max = max;
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer b : items) {
                size += b.remaining();
                parts.add(b);
            }
            if (size > max) {
                parts.clear();
                subscription.cancel();
                result.completeExceptionally(new TooLarge("an answer above " + (max >> 20) + " MB"));
            }
        }

        @Override
        public void onError(Throwable t) {
            parts.clear();
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            byte[] all = new byte[(int) size];
            int at = 0;
            for (ByteBuffer b : parts) {
                int n = b.remaining();
                b.get(all, at, n);
                at += n;
            }
            parts.clear();
            result.complete(all);
        }
    }
}

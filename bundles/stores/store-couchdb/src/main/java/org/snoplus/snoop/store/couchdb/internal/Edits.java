package org.snoplus.snoop.store.couchdb.internal;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import org.snoplus.snoop.query.StoreException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * The {@link org.snoplus.snoop.query.DocumentStore#edits} of a CouchDB database, from its
 * {@code _changes} feed: a change to a sample document ({@code NAME@INSTANCE:TIME}) is an edit of
 * NAME unless it adds a document later than every one of NAME seen before — a deletion, a document
 * written again, one added in the past (replicated from elsewhere, or another instance's at the
 * same time) are edits. What came before a processor was first asked about is judged against its
 * newest document then.
 *
 * <p>Each call reads the changes since the last one (one request, more only after a burst);
 * beyond {@value #MAX_PAGES} pages of {@value #PAGE} changes every processor counts as edited and
 * the feed is taken up from its end. The feed's sequences are opaque: kept as text, never parsed.
 * Memory: two numbers per processor name.
 */
final class Edits {

    static final int PAGE = 5000;
    static final int MAX_PAGES = 20;

    private static final JsonFactory JSON = new JsonFactory();

    /** Reads what the database answers to a GET of a path relative to it. */
    interface Source {
        byte[] get(String relative, String what) throws StoreException;

        /** The sample time of the newest document of {@code name}, or {@code Long.MIN_VALUE}. */
        long newest(String name) throws StoreException;
    }

    private final Source source;
    /** A number of this reading of the feed: another store (or a restart) never gives one seen before. */
    private final long opening = System.nanoTime() << 20;
    private final Map<String, Long> newest = new HashMap<>();
    private final Map<String, Long> counts = new HashMap<>();
    private long all;
    private String since; // null before the first call

    Edits(Source source) {
        this.source = source;
    }

    synchronized long of(String name) throws StoreException {
        if (since == null) {
            since = lastSeq(source.get("_changes?since=now&limit=0", "the end of the changes"));
        }
        follow();
        if (!newest.containsKey(name)) {
            newest.put(name, source.newest(name)); // changes not read yet are judged against it
        }
        return opening + all + counts.getOrDefault(name, 0L);
    }

    /** Reads the changes since the last call. */
    private void follow() throws StoreException {
        for (int page = 0; page < MAX_PAGES; page++) {
            int[] n = {0};
            String last = changes(source.get("_changes?limit=" + PAGE + "&since="
                    + CouchDbStore.param(since), "the changes"), n);
            if (last != null) {
                since = last;
            }
            if (n[0] < PAGE) {
                return;
            }
        }
        // a burst too long to read through: everything may have changed; go on from the end
        all++;
        newest.clear();
        since = lastSeq(source.get("_changes?since=now&limit=0", "the end of the changes"));
    }

    private void change(String id, boolean deleted) {
        int at = id.indexOf('@');
        int colon = id.lastIndexOf(':');
        if (at <= 0 || colon < at) {
            return; // not a sample document (the design document)
        }
        String name = id.substring(0, at);
        Long known = newest.get(name);
        if (known == null) {
            return; // not asked about yet: judged when it is
        }
        long time;
        try {
            time = Long.parseLong(id.substring(colon + 1));
        } catch (NumberFormatException e) {
            return;
        }
        if (deleted || time <= known) {
            counts.merge(name, 1L, Long::sum);
        }
        if (!deleted && time > known) {
            newest.put(name, time);
        }
    }

    /** Takes each change of a {@code _changes} answer; returns its {@code last_seq} as text. */
    private String changes(byte[] json, int[] n) throws StoreException {
        String last = null;
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if ("results".equals(field) && t == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        String id = null;
                        boolean deleted = false;
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String f = p.currentName();
                            JsonToken v = p.nextToken();
                            if ("id".equals(f)) {
                                id = p.getText();
                            } else if ("deleted".equals(f)) {
                                deleted = v == JsonToken.VALUE_TRUE;
                            } else {
                                p.skipChildren();
                            }
                        }
                        n[0]++;
                        if (id != null) {
                            change(id, deleted);
                        }
                    }
                } else if ("last_seq".equals(field)) {
                    last = seq(json, p, t);
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new StoreException("couchdb answered its changes with something else than changes: "
                    + e.getMessage(), e);
        }
        return last;
    }

    private String lastSeq(byte[] json) throws StoreException {
        String last = changes(json, new int[1]);
        if (last == null) {
            throw new StoreException("couchdb answered its changes without a last_seq");
        }
        return last;
    }

    /** A sequence as the text to send back: a string as it is, a number or an array as JSON. */
    private static String seq(byte[] json, JsonParser p, JsonToken t) throws IOException {
        return t == JsonToken.VALUE_STRING || t.isNumeric() ? p.getText() : CouchDbStore.rawText(json, p);
    }
}

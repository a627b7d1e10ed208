package org.snoplus.snoop.store.couchdb.internal;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.json.DocumentJson;
import org.snoplus.snoop.query.DocumentStore;
import org.snoplus.snoop.query.StoreException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * The documents of a {@link CouchDatabase} read back, through its design document's view
 * {@value CouchDatabase#BY_NAME_TIME} (key {@code [name, time]}, {@code _count} reduce):
 * <ul>
 * <li>{@link #latest}: the view descending from {@code [name, {}]}, {@code limit=1},
 * {@code include_docs};</li>
 * <li>{@link #range}: {@code [name, from]} to {@code [name, to]} with {@code inclusive_end=false}
 * (CouchDB's end is otherwise included), ascending, in pages of {@code pageSize} rows: a page
 * starts at the last key of the one before, skipping the rows of that key already handed over
 * (usually one; more only when several instances sampled one processor at the same time), so
 * that a long range is never held at once and each page is found in the index, not counted off;</li>
 * <li>{@link #count}: the same range, reduced;</li>
 * <li>{@link #names}: the view grouped at level 1, sorted here (CouchDB collates strings its own
 * way, not as Java sorts them);</li>
 * <li>{@link #version}: the database's {@code update_seq} (with its {@code instance_start_time}),
 * hashed: one GET of the database, changed by every write to it, of any processor, which a cache
 * keyed on it may take as a change. CouchDB's sequences are opaque strings: they are never
 * parsed;</li>
 * <li>{@link #edits}: from the {@code _changes} feed, read on from the last call ({@link Edits}).</li>
 * </ul>
 * Documents are read from the answer's own JSON text by {@link DocumentJson}, as every store
 * reads them, so that whole numbers stay {@code Long} and the others {@code Double} (Gson, which
 * LightCouch would use, makes every number a {@code Double}).
 *
 * <p>A view answers once its index has caught up with the database, so a read right after many
 * writes (or after the design document changed) waits for the indexing: reads have their own
 * timeout, {@code read.timeout.ms}. A missing database or design document (a server that came
 * back empty) is made again, as the writer does, and the read asked once more.
 */
final class CouchDbStore implements DocumentStore {

    static final int PAGE_SIZE = 1000;

    private static final JsonFactory JSON = new JsonFactory();
    private static final String VIEW = "_design/" + CouchDatabase.DESIGN + "/_view/" + CouchDatabase.BY_NAME_TIME;

    private final CouchDatabase database;
    private final String target; // url/database, for messages: never credentials
    private final int pageSize;
    private final Edits edits = new Edits(new Edits.Source() {
        @Override
        public byte[] get(String relative, String what) throws StoreException {
            return CouchDbStore.this.get(relative, what);
        }

        @Override
        public long newest(String name) throws StoreException {
            SampleDocument d = latest(name);
            return d == null ? Long.MIN_VALUE : d.time();
        }
    });

    CouchDbStore(CouchDatabase database) {
        this(database, PAGE_SIZE);
    }

    CouchDbStore(CouchDatabase database, int pageSize) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be >= 1, not " + pageSize);
        }
        this.database = database;
        this.target = database.toString();
        this.pageSize = pageSize;
    }

    @Override
    public SampleDocument latest(String name) throws StoreException {
        String q = "reduce=false&include_docs=true&descending=true&limit=1&startkey="
                + param(key(name, "{}")) + "&endkey=" + param("[" + text(name) + "]");
        SampleDocument[] newest = {null};
        rows(get(VIEW + "?" + q, "the latest document of " + name), row -> {
            if (newest[0] == null) {
                newest[0] = row.document(target);
            }
        }, "the latest document of " + name);
        return newest[0];
    }

    @Override
    public void range(String name, long from, long to, Consumer<SampleDocument> sink) throws StoreException {
        if (from >= to) {
            return;
        }
        String what = "the documents of " + name + " in [" + from + ", " + to + ")";
        String end = param(key(name, Long.toString(to)));
        Paging paging = new Paging();
        String start = key(name, Long.toString(from));
        while (true) {
            String q = "reduce=false&include_docs=true&inclusive_end=false&limit=" + pageSize + "&startkey="
                    + param(start) + "&endkey=" + end + (paging.skip() > 0 ? "&skip=" + paging.skip() : "");
            paging.rows = 0;
            rows(get(VIEW + "?" + q, what), row -> {
                if (paging.handOver(row)) {
                    sink.accept(row.document(target));
                }
            }, what);
            if (paging.rows < pageSize) {
                return;
            }
            start = key(name, paging.lastTime);
        }
    }

    /**
     * Where a range is in its pages: the last key's time (as the view wrote it) and the ids of
     * its rows handed over, which the next page, starting at that key, skips.
     */
    private static final class Paging {
        int rows;
        String lastTime;
        final Set<String> idsAtLastTime = new HashSet<>();

        int skip() {
            return idsAtLastTime.size();
        }

        /** Takes a row of the page; false if it was handed over already. */
        boolean handOver(Row row) {
            rows++;
            if (row.time().equals(lastTime)) {
                // a row that moved under the skip (one of the same key written meanwhile) comes again
                return idsAtLastTime.add(row.id());
            }
            lastTime = row.time();
            idsAtLastTime.clear();
            idsAtLastTime.add(row.id());
            return true;
        }
    }

    @Override
    public long count(String name, long from, long to) throws StoreException {
        if (from >= to) {
            return 0;
        }
        String what = "the count of " + name + " in [" + from + ", " + to + ")";
        String q = "reduce=true&inclusive_end=false&startkey=" + param(key(name, Long.toString(from))) + "&endkey="
                + param(key(name, Long.toString(to)));
        long[] count = {0};
        rows(get(VIEW + "?" + q, what), row -> count[0] += row.value(), what);
        return count[0];
    }

    @Override
    public List<String> names() throws StoreException {
        TreeSet<String> names = new TreeSet<>();
        rows(get(VIEW + "?reduce=true&group_level=1", "the names"), row -> {
            if (row.name() != null && row.value() > 0) {
                names.add(row.name());
            }
        }, "the names");
        return new ArrayList<>(names);
    }

    @Override
    public long version(String name) throws StoreException {
        byte[] info = get("", "the version of " + name);
        String seq = null;
        String started = "";
        try (JsonParser p = JSON.createParser(info)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if ("update_seq".equals(field)) {
                    seq = t.isScalarValue() ? p.getText() : rawText(info, p);
                } else if ("instance_start_time".equals(field)) {
                    started = p.getText();
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new StoreException("couchdb " + target + " answered the version of " + name + " with "
                    + "something else than its database's information: " + e.getMessage(), e);
        }
        if (seq == null) {
            throw new StoreException("couchdb " + target + " has no update_seq in its database's information");
        }
        return hash(started + "/" + seq);
    }

    @Override
    public long edits(String name) throws StoreException {
        return edits.of(name);
    }

    /** The text of the object or array at the parser, as it is in {@code json}; skips it. */
    static String rawText(byte[] json, JsonParser p) throws IOException {
        int start = (int) p.currentTokenLocation().getByteOffset();
        p.skipChildren();
        int end = (int) p.currentLocation().getByteOffset();
        return new String(json, start, end - start, StandardCharsets.UTF_8);
    }

    /** 64-bit FNV-1a, then mixed (the finaliser of MurmurHash3): any change of the text changes it. */
    static long hash(String text) {
        long h = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    // ------------------------------------------------------------------ requests

    private byte[] get(String relative, String what) throws StoreException {
        try {
            try {
                return database.get(relative);
            } catch (CouchDatabase.Missing missing) {
                // a server that came back empty, a database deleted by hand: as the writer does
                database.connect();
                return database.get(relative);
            }
        } catch (CouchDatabase.Missing e) {
            throw new StoreException("cannot read " + what + " from couchdb " + target + ": not found ("
                    + e.getMessage() + ")", e);
        } catch (CouchDatabase.Unavailable e) {
            throw new StoreException("cannot read " + what + " from couchdb " + target + ": " + e.getMessage(), e);
        }
    }

    /** {@code ["name",time]} with {@code time} as JSON text. */
    private static String key(String name, String time) {
        return "[" + text(name) + "," + time + "]";
    }

    /** A string as JSON text. */
    private static String text(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    static String param(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    // ------------------------------------------------------------------ answers

    /** A row of a view's answer. */
    private static final class Row {
        private final byte[] json;
        String id;
        String name; // the key's first part
        String time; // the key's second part, as the view wrote it
        long value;
        int docStart = -1;
        int docEnd;

        Row(byte[] json) {
            this.json = json;
        }

        String id() {
            return id;
        }

        String name() {
            return name;
        }

        String time() {
            return time == null ? "" : time;
        }

        long value() {
            return value;
        }

        SampleDocument document(String target) {
            if (docStart < 0) {
                throw new RowException("couchdb " + target + " answered a row without its document (" + id
                        + "): deleted meanwhile?");
            }
            String text = new String(json, docStart, docEnd - docStart, StandardCharsets.UTF_8);
            try {
                return DocumentJson.fromJson(text);
            } catch (IllegalArgumentException e) {
                throw new RowException("couchdb " + target + " holds a document that is not a sample document ("
                        + id + "): " + e.getMessage());
            }
        }
    }

    /** A row that cannot be handed over: becomes a StoreException, whatever the sink does. */
    private static final class RowException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        RowException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Hands each row of a view's answer to {@code each}, in order, reading the answer as it
     * goes: a document is taken as its text and read when it is handed over.
     */
    private void rows(byte[] json, Consumer<Row> each, String what) throws StoreException {
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if ("rows".equals(field) && t == JsonToken.START_ARRAY) {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        each.accept(row(json, p));
                    }
                } else if ("error".equals(field)) {
                    throw new IOException("error " + p.getText());
                } else {
                    p.skipChildren();
                }
            }
        } catch (RowException e) {
            throw new StoreException(e.getMessage());
        } catch (IOException e) {
            throw new StoreException("couchdb " + target + " answered " + what + " with something else than a "
                    + "view's rows: " + e.getMessage(), e);
        }
    }

    /** The row whose object starts at the parser, which is left at its end. */
    private static Row row(byte[] json, JsonParser p) throws IOException {
        Row row = new Row(json);
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            switch (field) {
                case "id" -> row.id = p.getText();
                case "key" -> {
                    if (t == JsonToken.START_ARRAY) {
                        int i = 0;
                        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                            if (i == 0 && t == JsonToken.VALUE_STRING) {
                                row.name = p.getText();
                            } else if (i == 1 && t.isNumeric()) {
                                row.time = p.getText();
                            }
                            p.skipChildren();
                            i++;
                        }
                    } else {
                        p.skipChildren();
                    }
                }
                case "value" -> {
                    if (t.isNumeric()) {
                        row.value = p.getLongValue();
                    } else {
                        p.skipChildren();
                    }
                }
                case "doc" -> {
                    if (t == JsonToken.START_OBJECT) {
                        row.docStart = (int) p.currentTokenLocation().getByteOffset();
                        p.skipChildren();
                        row.docEnd = (int) p.currentLocation().getByteOffset();
                    }
                }
                default -> p.skipChildren();
            }
        }
        return row;
    }
}

package org.snoplus.snoop.query.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.query.DocumentStore;
import org.snoplus.snoop.query.QueryLimits;
import org.snoplus.snoop.query.Series;
import org.snoplus.snoop.query.SeriesQuery;
import org.snoplus.snoop.query.StoreException;

/**
 * The fields of each processor's documents over a range of sample times, kept column by column,
 * so that a series asked for again over a range that moved on (a page plotting the last day asks
 * every time it is opened, ten plots at once) reads from the store only what was added since:
 * reading and decoding a day of documents (43 200 at a 2 s period) is what a long series costs.
 *
 * <p>What was read stays right while the store's {@link DocumentStore#edits} number for the
 * processor stays: documents have only been added after the newest one read. A change of it (a
 * document replaced, added in the past, pruned, consolidated; the store opened again) makes the
 * next question read its whole range again. When only the {@link DocumentStore#version} moved,
 * the documents read are counted again in the store (one index lookup in the embedded store)
 * before they are trusted.
 *
 * <p>One processor's columns are read and extended by one question at a time (the others wait
 * and find them ready); the questions of different processors go on side by side. A question for
 * fields not yet kept reads its range again for those and the ones kept (at most
 * {@link #MAX_FIELDS}). The range kept follows the questions: it reaches back as far as the longest
 * asked for during {@code idleMillis} (a page of the last hour does not throw away the day another
 * page plots); points before are let go once they are a quarter of the whole.
 *
 * <p>Bounded: the columns take an estimated 8 bytes a point for the time and 9 a point for each
 * field (a kind and 8 bytes of number), plus the JSON size of values that are not numbers; a
 * question whose columns would take more than a quarter of {@code budget} is answered without
 * them; beyond {@code budget} in all, the processors asked for least recently are let go, and so
 * are those not asked for during {@code idleMillis}.
 */
final class SeriesColumns {

    /** The most fields kept for one processor. */
    static final int MAX_FIELDS = 64;

    private static final byte NULL = 0;
    private static final byte LONG = 1;
    private static final byte DOUBLE = 2;
    private static final byte OTHER = 3;
    private static final byte INT = 4;

    private final DocumentStore store;
    private final long budget;
    private final long idleMillis;
    private final LongSupplier clock;
    private final Map<String, Columns> byName = new ConcurrentHashMap<>();
    private final AtomicLong used = new AtomicLong();
    /** Documents read from the store for the columns, for tests and figures. */
    private final AtomicLong documentsRead = new AtomicLong();

    SeriesColumns(DocumentStore store, long budget, long idleMillis, LongSupplier clock) {
        this.store = store;
        this.budget = budget;
        this.idleMillis = idleMillis;
        this.clock = clock;
    }

    long documentsRead() {
        return documentsRead.get();
    }

    long usedBytes() {
        return used.get();
    }

    /**
     * The series of {@code q} from the columns (read or extended first), or null if it is not one
     * for them: it has cuts, or its columns would not fit.
     */
    Series series(SeriesQuery q, QueryLimits limits) throws StoreException {
        if (budget <= 0 || !q.cuts().isEmpty() || q.from() >= q.to()) {
            return null;
        }
        List<String> fields = q.fields().isEmpty() ? List.of("data") : q.fields();
        dropIdle();
        Columns c;
        Series answer;
        while (true) {
            c = byName.computeIfAbsent(q.name(), Columns::new);
            synchronized (c) {
                if (byName.get(q.name()) != c) {
                    continue; // let go while this question waited for it
                }
                answer = answer(c, q, fields, limits);
            }
            break;
        }
        if (answer != null) {
            evict(c);
        }
        return answer;
    }

    /** With {@code c}'s lock held: null if the question is to be answered without the columns. */
    private Series answer(Columns c, SeriesQuery q, List<String> fields, QueryLimits limits) throws StoreException {
        Series answer;
        try {
            if (!c.ready(q, fields, limits)) {
                forget(c);
                return null;
            }
            long now = clock.getAsLong();
            c.lastUsed = now;
            c.trim(q, now);
            answer = c.answer(q, fields, limits);
        } catch (Unsuited e) {
            forget(c);
            return null;
        } catch (RuntimeException | StoreException | Error e) {
            forget(c); // half read: not to be trusted
            throw e;
        }
        long before = c.accounted;
        c.accounted = c.bytes();
        used.addAndGet(c.accounted - before);
        if (c.accounted > budget / 4) {
            forget(c);
        }
        return answer;
    }

    /**
     * Documents found not to fit in columns while being read (beyond their share of the memory,
     * or two at one time): the question is answered without them.
     */
    private static final class Unsuited extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unsuited() {
            super(null, null, false, false);
        }
    }

    private void forget(Columns c) {
        synchronized (c) {
            byName.remove(c.name, c);
            used.addAndGet(-c.accounted);
            c.accounted = 0;
            c.clear();
        }
    }

    private void dropIdle() {
        long now = clock.getAsLong();
        for (Columns c : byName.values()) {
            if (now - c.lastUsed > idleMillis) {
                synchronized (c) {
                    if (now - c.lastUsed > idleMillis) { // not taken up meanwhile
                        forget(c);
                    }
                }
            }
        }
    }

    /** Lets the least recently asked for go until the columns fit, keeping {@code keep}. */
    private void evict(Columns keep) {
        while (used.get() > budget) {
            Columns oldest = null;
            for (Columns c : byName.values()) {
                if (c != keep && (oldest == null || c.lastUsed < oldest.lastUsed)) {
                    oldest = c;
                }
            }
            if (oldest == null) {
                return;
            }
            forget(oldest);
        }
    }

    /** One processor's columns: the documents with {@code from <= time < to}. */
    private final class Columns {
        final String name;
        volatile long lastUsed = clock.getAsLong();
        long accounted;

        boolean valid;
        long edits;
        long version;
        long from;
        long to;
        int n;
        long otherBytes;
        long[] times = new long[0];
        List<String> fieldNames = List.of();
        FieldPath[] paths = new FieldPath[0];
        Column[] columns = new Column[0];

        Columns(String name) {
            this.name = name;
        }

        void clear() {
            valid = false;
            n = 0;
            otherBytes = 0;
            times = new long[0];
            fieldNames = List.of();
            paths = new FieldPath[0];
            columns = new Column[0];
        }

        long bytes() {
            long b = 8L * times.length;
            for (Column c : columns) {
                b += c.bytes();
            }
            return b;
        }

        long last() {
            return n > 0 ? times[n - 1] : from - 1;
        }

        /** Makes the columns hold {@code fields} over the question's range; false if they cannot. */
        boolean ready(SeriesQuery q, List<String> fields, QueryLimits limits) throws StoreException {
            long e = store.edits(name);
            long v = store.version(name);
            boolean usable = valid && e == edits && from <= q.from() && q.from() <= to
                    && fieldNames.containsAll(fields);
            if (usable && (v != version || q.to() > to)) {
                long start = Math.min(to, last() + 1);
                if (v != version && store.count(name, from, start) != n) {
                    usable = false; // changed otherwise than the store's number says: read it all again
                } else {
                    long end = Math.max(to, q.to());
                    read(start, end, limits);
                    to = end;
                    version = v;
                }
            }
            if (usable) {
                return true;
            }
            LinkedHashSet<String> wanted = new LinkedHashSet<>(fields);
            if (valid) {
                for (String f : fieldNames) {
                    if (wanted.size() < MAX_FIELDS) {
                        wanted.add(f); // the fields other pages ask for stay
                    }
                }
            }
            long points = store.count(name, q.from(), q.to());
            if ((8 + 9L * wanted.size()) * points > budget / 4) {
                return false;
            }
            clear();
            fieldNames = List.copyOf(wanted);
            paths = fieldNames.stream().map(FieldPath::of).toArray(FieldPath[]::new);
            columns = new Column[paths.length];
            for (int f = 0; f < columns.length; f++) {
                columns[f] = new Column();
            }
            times = new long[(int) Math.min(points + 16, Integer.MAX_VALUE - 16)];
            for (Column c : columns) {
                c.grow(times.length);
            }
            edits = e;
            version = v;
            from = q.from();
            to = q.to();
            read(from, to, limits);
            valid = true;
            return true;
        }

        private void read(long start, long end, QueryLimits limits) throws StoreException {
            if (start >= end) {
                return;
            }
            store.range(name, start, end, doc -> {
                limits.check();
                add(doc);
            });
        }

        private void add(SampleDocument doc) {
            long time = doc.time();
            if (n > 0 && time <= times[n - 1]) {
                // two documents at one time (two instances sampled the processor at once, in a shared CouchDB),
                // or out of order: not for columns, which hold one point per time
                throw new Unsuited();
            }
            if (n == times.length) {
                grow(n + (n >> 1) + 16);
            }
            times[n] = time;
            long others = 0;
            for (int f = 0; f < paths.length; f++) {
                others += columns[f].set(n, Merged.plain(paths[f].valueOf(doc)));
            }
            n++;
            // values that are not numbers can be large (a histogram asked for as a series): checked as read
            if (others > 0 && (otherBytes += others) + (8 + 9L * paths.length) * n > budget / 4) {
                throw new Unsuited();
            }
            documentsRead.incrementAndGet();
        }

        private void grow(int capacity) {
            times = Arrays.copyOf(times, capacity);
            for (Column c : columns) {
                c.grow(capacity);
            }
        }

        /** The longest range asked for lately, and when it was last asked for. */
        long longestSpan;
        long longestAt;

        /**
         * Lets the points go that are before the longest range asked for lately, ending at
         * {@code q}'s end, once they are a quarter of the whole.
         */
        void trim(SeriesQuery q, long now) {
            long span = minus(q.to(), q.from());
            if (span >= longestSpan || now - longestAt > idleMillis) {
                longestSpan = span;
                longestAt = now;
            }
            long earliest = minus(q.to(), longestSpan);
            if (earliest <= from) {
                return;
            }
            int drop = lowerBound(earliest);
            if (drop > n / 4) {
                int keep = n - drop;
                int capacity = keep + (keep >> 2) + 16;
                times = Arrays.copyOfRange(times, drop, drop + capacity);
                for (Column c : columns) {
                    c.shift(drop, capacity);
                }
                n = keep;
                from = earliest;
            }
        }

        /** {@code a - b}, kept within the longs (ranges may start at {@code Long.MIN_VALUE}). */
        private static long minus(long a, long b) {
            long d = a - b;
            return ((a ^ b) & (a ^ d)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : d;
        }

        /** The index of the first point at or after {@code time}. */
        private int lowerBound(long time) {
            int i = Arrays.binarySearch(times, 0, n, time);
            return i >= 0 ? i : -i - 1;
        }

        Series answer(SeriesQuery q, List<String> fields, QueryLimits limits) {
            int[] index = new int[fields.size()];
            for (int f = 0; f < index.length; f++) {
                index[f] = fieldNames.indexOf(fields.get(f));
            }
            SeriesBuilder series = new SeriesBuilder(index.length, q.from(), q.to(), q.maxPoints(), limits.maxBytes());
            int end = lowerBound(q.to());
            for (int i = lowerBound(q.from()); i < end; i++) {
                if ((i & 1023) == 0) {
                    limits.check();
                }
                Object[] point = new Object[index.length];
                for (int f = 0; f < index.length; f++) {
                    point[f] = columns[index[f]].get(i);
                }
                series.add(times[i], point);
            }
            return series.build(name, fields);
        }
    }

    /**
     * One field's values: numbers as their 8 bytes (given back as the {@code Integer}, {@code Long}
     * or {@code Double} read), anything else as it is.
     */
    private static final class Column {
        byte[] kinds = new byte[0];
        long[] bits = new long[0];
        Object[] others;
        long otherBytes;

        void grow(int capacity) {
            kinds = Arrays.copyOf(kinds, capacity);
            bits = Arrays.copyOf(bits, capacity);
            if (others != null) {
                others = Arrays.copyOf(others, capacity);
            }
        }

        void shift(int drop, int capacity) {
            kinds = Arrays.copyOfRange(kinds, drop, drop + capacity);
            bits = Arrays.copyOfRange(bits, drop, drop + capacity);
            if (others != null) {
                others = Arrays.copyOfRange(others, drop, drop + capacity);
                otherBytes = 0;
                for (Object o : others) {
                    if (o != null) {
                        otherBytes += JsonSize.of(o);
                    }
                }
            }
        }

        /** @return the estimated bytes of {@code v} if it is kept as it is, else 0 */
        long set(int i, Object v) {
            if (v == null) { // (grown by Columns with the times)
                kinds[i] = NULL;
            } else if (v instanceof Integer l) {
                kinds[i] = INT;
                bits[i] = l;
            } else if (v instanceof Long l) {
                kinds[i] = LONG;
                bits[i] = l;
            } else if (v instanceof Double d) {
                kinds[i] = DOUBLE;
                bits[i] = Double.doubleToRawLongBits(d);
            } else {
                kinds[i] = OTHER;
                if (others == null) {
                    others = new Object[kinds.length];
                }
                others[i] = v;
                long b = JsonSize.of(v);
                otherBytes += b;
                return b;
            }
            return 0;
        }

        Object get(int i) {
            return switch (kinds[i]) {
                case INT -> Integer.valueOf((int) bits[i]);
                case LONG -> Long.valueOf(bits[i]);
                case DOUBLE -> Double.valueOf(Double.longBitsToDouble(bits[i]));
                case OTHER -> others[i];
                default -> null;
            };
        }

        long bytes() {
            return 9L * kinds.length + (others == null ? 0 : 8L * others.length + otherBytes);
        }
    }

    @Override
    public String toString() {
        List<String> names = new ArrayList<>(byName.keySet());
        names.sort(null);
        return "series columns of " + names + ", " + used.get() + " bytes";
    }
}

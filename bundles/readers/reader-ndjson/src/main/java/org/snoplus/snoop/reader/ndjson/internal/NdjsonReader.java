package org.snoplus.snoop.reader.ndjson.internal;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snoplus.snoop.reader.EventSink;
import org.snoplus.snoop.reader.Reader;
import org.snoplus.snoop.reader.support.FileBatch;
import org.snoplus.snoop.reader.support.FileCursor;
import org.snoplus.snoop.reader.support.ReaderConfig;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

/**
 * Replays newline-delimited JSON files: every line holding a JSON object becomes one event, a
 * {@code Map<String,Object>} in the order of the line's fields.
 *
 * <p>There is no {@code @Modified}: a new configuration means another file or rate, which is best
 * served by a new instance that starts from the beginning, and the core stops the old reader's
 * thread when its service goes away.
 */
@Component(name = NdjsonReader.PID, service = Reader.class, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = NdjsonReaderConfig.class, factory = true)
public class NdjsonReader implements Reader {

    static final String PID = "snoop.reader.ndjson";

    private static final Logger LOG = LoggerFactory.getLogger(NdjsonReader.class);

    // Integers as Long whatever their size, so that processors see one type for a field across events.
    private static final ObjectReader EVENTS = new ObjectMapper()
            .enable(DeserializationFeature.USE_LONG_FOR_INTS)
            .readerFor(new TypeReference<LinkedHashMap<String, Object>>() {
            });

    private volatile NdjsonReaderSettings settings;
    private volatile boolean deactivated;

    // Where reading got to: the file and line shown by describe(); the cursor gives the position of
    // each batch, and is where a retry after a failure (or, through the checkpoint, a restart)
    // resumes, so that events are not published twice.
    private volatile Path file;
    private volatile long line;
    private FileCursor cursor;

    public NdjsonReader() {
    }

    NdjsonReader(NdjsonReaderSettings settings) {
        use(settings);
    }

    private void use(NdjsonReaderSettings s) {
        cursor = new FileCursor(s.file(), "ndjson reader", LOG);
        settings = s;
    }

    @Activate
    void activate(NdjsonReaderConfig config, Map<String, Object> properties) {
        use(ReaderConfig.activate(properties, () -> NdjsonReaderSettings.from(config), LOG));
        LOG.info("{}: reading {}{}{}", properties.get("service.pid"), settings.file(), ReaderConfig.pace(settings.rate()),
                settings.loop() ? ", looping" : "");
    }

    @Deactivate
    void deactivate() {
        deactivated = true; // besides the sink closing: for a reader still running for another reason
    }

    @Override
    public void read(EventSink sink) throws Exception {
        NdjsonReaderSettings s = settings;
        cursor.start(sink);
        Replay replay = new Replay(sink, s);
        try {
            cursor.readAll("ndjson", s.loop(), replay::going, replay::file);
        } catch (ClosedByInterruptException e) {
            // interrupted while reading the file: the reader is being stopped, not failing
        }
    }

    /** One call of {@link #read}: the sink, the pacing and the batch being filled. */
    private final class Replay {

        private final EventSink sink;
        private final FileBatch batch;

        Replay(EventSink sink, NdjsonReaderSettings s) {
            this.sink = sink;
            this.batch = new FileBatch(sink, cursor, s.rate(), s.batch(), this::going);
        }

        boolean going() {
            return sink.isOpen() && !deactivated && !Thread.currentThread().isInterrupted();
        }

        /**
         * Reads one file after its first {@code skip} lines.
         *
         * @return false if reading must stop
         */
        boolean file(Path f, long skip) throws IOException {
            file = f;
            line = 0;
            String where = f.toString() + ":";
            long n = 0;
            try (BufferedReader in = open(f)) {
                String text;
                while ((text = in.readLine()) != null) {
                    n++;
                    if (n <= skip) {
                        continue;
                    }
                    line = n;
                    if (text.isBlank()) {
                        continue;
                    }
                    Map<String, Object> event = parse(text, where, n);
                    if (event == null) {
                        continue;
                    }
                    boolean added = event.get("run") instanceof Number r ? batch.add(event, r.longValue(), f, n)
                            : batch.add(event, f, n);
                    if (!added) {
                        return false;
                    }
                }
            } catch (ZipException | EOFException e) {
                // Retrying cannot mend a damaged file, and failing would hold up the files after it.
                sink.malformed(where + (n + 1), "damaged gzip data, rest of the file skipped: " + e.getMessage());
            }
            // a batch does not straddle files, so the resume position is always in one file
            return batch.flush(f, n) && going();
        }

        private Map<String, Object> parse(String text, String where, long n) {
            try (JsonParser p = EVENTS.createParser(text)) {
                JsonToken first = p.nextToken();
                if (first != JsonToken.START_OBJECT) {
                    sink.malformed(where + n, "JSON " + kind(first) + ", not an object");
                    return null;
                }
                Map<String, Object> event = EVENTS.readValue(p);
                if (p.nextToken() != null) {
                    sink.malformed(where + n, "text after the JSON object: " + p.getText());
                    return null;
                }
                return event;
            } catch (JsonProcessingException e) {
                sink.malformed(where + n, "not JSON: " + e.getOriginalMessage());
                return null;
            } catch (IOException e) {
                // a String source cannot fail to read; treat it as the malformed line it must be
                sink.malformed(where + n, e.toString());
                return null;
            }
        }
    }

    private static String kind(JsonToken t) {
        return switch (t) {
            case START_ARRAY -> "array";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> t.asString();
        };
    }

    /** Opens a file, plain or gzip; gzip is recognised by its magic bytes whatever the file's name. */
    private static BufferedReader open(Path f) throws IOException {
        InputStream in;
        try {
            in = new BufferedInputStream(Files.newInputStream(f), 1 << 16);
        } catch (NoSuchFileException e) {
            // removed between the listing and now
            throw new FileNotFoundException("ndjson file not found: " + f);
        } catch (IOException e) {
            throw new IOException("cannot open ndjson file " + f + ": " + e, e);
        }
        try {
            in.mark(2);
            int b0 = in.read();
            int b1 = in.read();
            in.reset();
            // A non-empty .gz file without the magic bytes is read as gzip too, so that it fails as
            // the damaged file it is rather than being parsed as garbage lines.
            boolean gzip = b0 == 0x1f && b1 == 0x8b || b0 != -1 && f.getFileName().toString().endsWith(".gz");
            if (gzip) {
                in = new GZIPInputStream(in, 1 << 16);
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    @Override
    public String describe() {
        NdjsonReaderSettings s = settings;
        if (s == null) {
            return "ndjson (not configured)";
        }
        Path f = file;
        StringBuilder b = new StringBuilder("ndjson ");
        b.append(f == null ? s.file() : f.toString());
        if (f != null) {
            b.append(" line ").append(line);
        }
        long pass = cursor.pass();
        if (s.loop() && pass > 0) {
            b.append(" pass ").append(pass + 1);
        }
        b.append(ReaderConfig.pace(s.rate()));
        return b.toString();
    }
}

package org.snoplus.snoop.json;

import java.io.IOException;
import java.util.Map;

import org.snoplus.snoop.document.SampleDocument;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

/**
 * The JSON form of a {@link SampleDocument}: its {@link SampleDocument#toMap() map}, fields in
 * that order. Every writer, the shell and the stores go through here, so that a document reads
 * the same wherever it was written, and a document written by one can be read back by another.
 *
 * <p>Arrays of every primitive type, {@code byte[]} included, are written as arrays of numbers
 * (Jackson on its own writes a {@code byte[]} as a base64 string). The methods are thread-safe.
 */
public final class DocumentJson {

    /**
     * A processor's byte array is numbers (a hit pattern, a small histogram) and must read back as
     * numbers like every other array, not as base64.
     */
    private static final class ByteArrayAsNumbers extends StdSerializer<byte[]> {
        private static final long serialVersionUID = 1L;

        ByteArrayAsNumbers() {
            super(byte[].class);
        }

        @Override
        public void serialize(byte[] value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartArray(value, value.length);
            for (byte b : value) {
                gen.writeNumber(b);
            }
            gen.writeEndArray();
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new SimpleModule("snoop-documents").addSerializer(byte[].class, new ByteArrayAsNumbers()))
            // whole numbers read back as long, as the framework hands them to processors
            .enable(DeserializationFeature.USE_LONG_FOR_INTS);
    private static final ObjectWriter COMPACT = MAPPER.writer();
    private static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();
    private static final ObjectReader READER = MAPPER.readerFor(Map.class);

    private DocumentJson() {
    }

    /**
     * The document as one line of JSON, in UTF-8, without a line end.
     *
     * @throws IllegalArgumentException if its data holds a value JSON cannot represent, naming
     *         the document
     */
    public static byte[] toJsonBytes(SampleDocument document) {
        try {
            return COMPACT.writeValueAsBytes(document.toMap());
        } catch (JsonProcessingException e) {
            throw notJson(document, e);
        }
    }

    /**
     * The document as one line of JSON, without a line end.
     *
     * @throws IllegalArgumentException if its data holds a value JSON cannot represent, naming
     *         the document
     */
    public static String toJson(SampleDocument document) {
        try {
            return COMPACT.writeValueAsString(document.toMap());
        } catch (JsonProcessingException e) {
            throw notJson(document, e);
        }
    }

    /**
     * The document as indented JSON over several lines, for people to read.
     *
     * @throws IllegalArgumentException if its data holds a value JSON cannot represent, naming
     *         the document
     */
    public static String toPrettyJson(SampleDocument document) {
        try {
            return PRETTY.writeValueAsString(document.toMap());
        } catch (JsonProcessingException e) {
            throw notJson(document, e);
        }
    }

    /**
     * The writer of this JSON form, for answers that put documents and their values (maps, lists,
     * primitive arrays as arrays of numbers) into a larger JSON text: {@code writer().writeValueAsBytes(v)},
     * or {@code writer().createGenerator(out)} to stream one. Immutable and thread-safe.
     */
    public static ObjectWriter writer() {
        return COMPACT;
    }

    /**
     * Reads a document back from its JSON form (one line, or indented). In its data, whole
     * numbers come back as {@code Long}, other numbers as {@code Double}, arrays as lists and
     * objects as maps.
     *
     * @throws IllegalArgumentException if {@code json} is not a JSON object, or a field of the
     *         document is missing or of the wrong type (see {@link SampleDocument#fromMap})
     */
    public static SampleDocument fromJson(String json) {
        Map<String, ?> map;
        try {
            map = READER.readValue(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON document: " + e.getOriginalMessage(), e);
        }
        if (map == null) {
            throw new IllegalArgumentException("not a JSON document: null");
        }
        return SampleDocument.fromMap(map);
    }

    private static IllegalArgumentException notJson(SampleDocument document, JsonProcessingException e) {
        return new IllegalArgumentException("document " + document.id() + " cannot be written as JSON: "
                + e.getOriginalMessage(), e);
    }
}

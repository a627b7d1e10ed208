package org.snoplus.snoop.web.api.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.json.DocumentJson;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.util.RawValue;

/**
 * JSON out. Whole documents are written by {@link DocumentJson}, the one form of documents
 * everywhere; parts of them (a field's value, a series' values) the same way: a {@code byte[]} as
 * numbers, like every other array.
 */
final class Json {

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
            .registerModule(new SimpleModule("snoop-web-api").addSerializer(byte[].class, new ByteArrayAsNumbers()));

    private Json() {
    }

    /**
     * {@code value} (maps, lists, arrays, numbers, text, {@link #document}s) as JSON in UTF-8.
     *
     * @throws IllegalStateException if it holds something JSON cannot represent: the server's
     *         fault, not the request's
     */
    static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the answer cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A whole document as {@link DocumentJson} writes it; {@link IllegalStateException} as {@link #bytes}. */
    static byte[] bytes(SampleDocument document) {
        try {
            return DocumentJson.toJsonBytes(document);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** A document to put into a larger answer, written as {@link DocumentJson} writes it. */
    static RawValue document(SampleDocument document) {
        try {
            return new RawValue(DocumentJson.toJson(document));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    static JsonNode read(InputStream in) {
        try (in) {
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(JsonNode node) {
        return bytes((Object) node);
    }
}

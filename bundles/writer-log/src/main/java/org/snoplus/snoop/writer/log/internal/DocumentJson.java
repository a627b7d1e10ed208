package org.snoplus.snoop.writer.log.internal;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

/** The JSON form of a sample document's map, on one line. */
final class DocumentJson {

    /**
     * Jackson writes a {@code byte[]} as a base64 string; a processor's byte array is numbers
     * (a hit pattern, a small histogram) and must read back as numbers like every other array.
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

    static final ObjectWriter WRITER = new ObjectMapper()
            .registerModule(new SimpleModule("snoop-documents").addSerializer(byte[].class, new ByteArrayAsNumbers()))
            .writer();

    private DocumentJson() {
    }
}

package org.snoplus.snoop.writer.log.internal;

import java.lang.reflect.Array;
import java.time.Instant;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.json.DocumentJson;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/** How a document is printed: one line either way, so that the output can be grepped and tailed. */
enum Format {

    /**
     * {@code 2025-11-28T20:40:00Z count seq=42 events=5000 run=300000 | count=5000 total=81234 hist=[100]}:
     * the data's scalars are shown, a list or map only by its size, and the data part is cut short,
     * so that a processor with a big sample does not flood the console.
     */
    SUMMARY {
        @Override
        void append(SampleDocument d, StringBuilder b) {
            b.append(Instant.ofEpochMilli(d.time())).append(' ');
            text(d.name(), b);
            b.append(" seq=").append(d.sequence()).append(" events=").append(d.events());
            if (d.run() >= 0) {
                b.append(" run=").append(d.run());
            }
            if (d.data().isEmpty()) {
                return;
            }
            b.append(" |");
            int start = b.length();
            for (Map.Entry<String, Object> e : d.data().entrySet()) {
                b.append(' ');
                text(e.getKey(), b);
                b.append('=');
                value(e.getValue(), b);
                if (b.length() - start > DATA_CHARS) {
                    int cut = start + DATA_CHARS - 3;
                    if (Character.isLowSurrogate(b.charAt(cut))) {
                        cut--;
                    }
                    b.setLength(cut);
                    b.append("...");
                    return;
                }
            }
        }
    },

    /** The whole document, as a writer to a file would store it. */
    JSON {
        @Override
        void append(SampleDocument d, StringBuilder b) {
            b.append(DocumentJson.toJson(d));
        }
    };

    /** Longest data part of a summary line, in characters. */
    static final int DATA_CHARS = 200;

    /** @throws IllegalArgumentException if the document cannot be written in this format */
    abstract void append(SampleDocument d, StringBuilder b);

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the key and the accepted values */
    static Format parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        for (Format f : values()) {
            if (f.label().equals(v)) {
                return f;
            }
        }
        throw new IllegalArgumentException("bad configuration: format must be 'summary' or 'json', not '" + value + "'");
    }

    private static void value(Object v, StringBuilder b) {
        if (v instanceof String s) {
            text(s, b);
        } else if (v instanceof Map<?, ?> m) {
            b.append('{').append(m.size()).append('}');
        } else if (v instanceof Collection<?> c) {
            b.append('[').append(c.size()).append(']');
        } else if (v != null && v.getClass().isArray()) {
            b.append('[').append(Array.getLength(v)).append(']');
        } else {
            b.append(v);
        }
    }

    /** Plain when it reads unambiguously, else quoted as JSON: a line break must not split the line. */
    private static void text(String s, StringBuilder b) {
        boolean plain = !s.isEmpty();
        for (int i = 0; i < s.length() && plain; i++) {
            char c = s.charAt(i);
            plain = c > ' ' && c != '"' && c != '=' && c != '|' && c != '\\' && c != 0x7f;
        }
        if (plain) {
            b.append(s);
        } else {
            b.append('"');
            JsonStringEncoder.getInstance().quoteAsString(s, b);
            b.append('"');
        }
    }
}

package com.encrata.webhooks.intake.service;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Copies one JSON value out of a document compactly and exactly: key order, number spelling
 * ({@code 1.10} stays {@code 1.10}) and every value as the producer wrote them; only insignificant
 * whitespace goes. This is how an event's {@code data} is passed through to receivers.
 */
public final class ExactJson {

    private ExactJson() {
    }

    /** The compact value of the top-level {@code field} of the object {@code document}, or null. */
    public static String field(JsonFactory factory, String document, String field) {
        try (JsonParser parser = factory.createParser(document)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String found = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                if (field.equals(name)) {
                    StringWriter out = new StringWriter();
                    try (JsonGenerator generator = factory.createGenerator(out)) {
                        copy(parser, generator);
                    }
                    found = out.toString();
                } else {
                    parser.skipChildren();
                }
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copy(JsonParser p, JsonGenerator g) throws IOException {
        switch (p.currentToken()) {
            case START_OBJECT -> {
                g.writeStartObject();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    g.writeFieldName(p.currentName());
                    p.nextToken();
                    copy(p, g);
                }
                g.writeEndObject();
            }
            case START_ARRAY -> {
                g.writeStartArray();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    copy(p, g);
                }
                g.writeEndArray();
            }
            case VALUE_STRING -> g.writeString(p.getText());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> g.writeNumber(p.getText());
            case VALUE_TRUE -> g.writeBoolean(true);
            case VALUE_FALSE -> g.writeBoolean(false);
            case VALUE_NULL -> g.writeNull();
            default -> throw new IOException("Unexpected JSON token " + p.currentToken());
        }
    }
}

package com.encrata.webhooks.platform.json;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Every time the API answers is UTC with {@code Z} and at most milliseconds (SPEC §1), whatever
 * precision it was read with: times the database sets itself ({@code now()}) carry microseconds.
 */
@Singleton
public class MillisecondTimes implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.registerModule(new SimpleModule("millisecond-times").addSerializer(Instant.class, new Writer()));
    }

    /** After the framework's own customizers, so that this serializer is the one used. */
    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }

    static final class Writer extends StdSerializer<Instant> {
        Writer() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(DateTimeFormatter.ISO_INSTANT.format(value.truncatedTo(ChronoUnit.MILLIS)));
        }
    }
}

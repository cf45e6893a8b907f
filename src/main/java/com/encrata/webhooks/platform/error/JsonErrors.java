package com.encrata.webhooks.platform.error;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/** Describes a JSON parsing failure without echoing the input or the parser's own words. */
@Singleton
public class JsonErrors {

    private final Instance<WrongTypeMessages> wrongTypeMessages;

    public JsonErrors(@Any Instance<WrongTypeMessages> wrongTypeMessages) {
        this.wrongTypeMessages = wrongTypeMessages;
    }

    Response toResponse(JsonProcessingException e) {
        if (e instanceof StreamConstraintsException || e.getCause() instanceof StreamConstraintsException) {
            return ErrorMapper.json(400, ErrorBody.of("Request body exceeds the JSON parser limits"));
        }
        String original = String.valueOf(e.getOriginalMessage());
        if (original.startsWith("Duplicate field")) {
            return ErrorMapper.json(400, ErrorBody.of("Request body contains a duplicate key"));
        }
        if (original.startsWith("Trailing token")) {
            return ErrorMapper.json(400, ErrorBody.of("Request body must contain exactly one JSON value"));
        }
        if (e instanceof MismatchedInputException mismatch) {
            String field = pathOf(mismatch);
            if (field.isEmpty()) {
                return ErrorMapper.json(400, ErrorBody.of(ErrorMapper.BODY_REQUIRED));
            }
            String message = wrongTypeMessages.stream().map(m -> m.forPath(field)).flatMap(Optional::stream)
                    .findFirst().orElseGet(() -> expected(mismatch.getTargetType()));
            return ErrorMapper.json(400, ErrorBody.of(ErrorBody.VALIDATION_FAILED, List.of(new FieldError(field, message))));
        }
        return ErrorMapper.json(400, ErrorBody.of("Request body is not valid JSON"));
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "has the wrong type";
        }
        if (type == String.class || type.isEnum()) {
            return "must be a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "must be a boolean";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "must be a number";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "must be an array";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()
                || com.fasterxml.jackson.databind.node.ObjectNode.class.isAssignableFrom(type)) {
            return "must be an object";
        }
        return "has the wrong type";
    }
}

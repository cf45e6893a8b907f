package com.encrata.webhooks.webhook.filter;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.cel.common.values.CelByteString;
import dev.cel.common.values.NullValue;

/**
 * What a filter sees of one event: {@code event}, its name, and {@code data}, its data object as CEL
 * values (objects as maps, arrays as lists, integral numbers that fit in 64 bits as int, other numbers
 * as double, strings as strings — a timestamp stays a string —, null as null). It also keeps the
 * sizes that evaluation costs are reckoned from, shared by every filter evaluated for the event.
 */
public final class FilterInput {

    /** Characters of a string that cost as much as one step. */
    static final int CHARS_PER_STEP = 16;

    final String event;
    final Map<String, Object> data;
    private final IdentityHashMap<Object, Long> sizes = new IdentityHashMap<>();

    private FilterInput(String event, JsonNode data) {
        this.event = event;
        @SuppressWarnings("unchecked")
        Map<String, Object> converted = data != null && data.isObject() ? (Map<String, Object>) convert(data) : Map.of();
        this.data = converted;
    }

    /** The input of an event whose data is {@code data} (a JSON object). */
    public static FilterInput of(String event, JsonNode data) {
        return new FilterInput(event, data);
    }

    /** The input of an event whose data is the JSON object {@code dataJson}. */
    public static FilterInput parse(ObjectMapper mapper, String event, String dataJson) {
        try {
            return new FilterInput(event, mapper.readTree(dataJson));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event data is not JSON", e);
        }
    }

    private Object convert(JsonNode node) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                Map<String, Object> map = new LinkedHashMap<>();
                long size = 0;
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    Object value = convert(field.getValue());
                    map.put(field.getKey(), value);
                    size += 1 + sizeOf(field.getKey()) + sizeOf(value);
                }
                sizes.put(map, size);
                return map;
            }
            case ARRAY -> {
                List<Object> list = new ArrayList<>(node.size());
                long size = 0;
                for (JsonNode element : node) {
                    Object value = convert(element);
                    list.add(value);
                    size += 1 + sizeOf(value);
                }
                sizes.put(list, size);
                return list;
            }
            case NUMBER -> {
                return node.isIntegralNumber() && node.canConvertToLong() ? (Object) node.longValue() : node.doubleValue();
            }
            case STRING -> {
                return node.textValue();
            }
            case BOOLEAN -> {
                return node.booleanValue();
            }
            default -> {
                return NullValue.NULL_VALUE;
            }
        }
    }

    /**
     * How many steps going once through a value costs: a string a step per {@value #CHARS_PER_STEP}
     * characters, a list or map a step per element and the cost of its elements; a scalar nothing.
     * Containers are measured once (by identity) per event.
     */
    long sizeOf(Object value) {
        if (value instanceof String s) {
            return s.length() / CHARS_PER_STEP;
        }
        if (value instanceof CelByteString b) {
            return b.size() / CHARS_PER_STEP;
        }
        if (value instanceof com.google.protobuf.ByteString b) {
            return b.size() / CHARS_PER_STEP;
        }
        if (value instanceof List<?> list) {
            Long known = sizes.get(list);
            if (known != null) {
                return known;
            }
            long size = 0;
            for (Object element : list) {
                size += 1 + sizeOf(element);
            }
            sizes.put(list, size);
            return size;
        }
        if (value instanceof Map<?, ?> map) {
            Long known = sizes.get(map);
            if (known != null) {
                return known;
            }
            long size = 0;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                size += 1 + sizeOf(entry.getKey()) + sizeOf(entry.getValue());
            }
            sizes.put(map, size);
            return size;
        }
        return 0;
    }
}

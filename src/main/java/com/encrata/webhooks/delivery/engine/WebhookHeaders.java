package com.encrata.webhooks.delivery.engine;

import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A webhook's own headers (SPEC §10), added to every attempt. They are stored as a JSON object;
 * the common case, none ({@code {}}), costs one string comparison, and an object is parsed once
 * per distinct JSON text (at most {@link #MAX_CACHED} kept).
 */
@ApplicationScoped
public class WebhookHeaders {

    private static final Logger LOG = Logger.getLogger(WebhookHeaders.class);
    static final String NONE = "{}";
    static final int MAX_CACHED = 10_000;

    private final ObjectMapper mapper;
    private final Map<String, Map<String, String>> parsed = new ConcurrentHashMap<>();

    public WebhookHeaders(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Adds the headers of {@code json} (a webhook's stored headers) to {@code headers}. */
    public void addTo(Map<String, String> headers, String json) {
        if (json == null || NONE.equals(json)) {
            return;
        }
        headers.putAll(of(json));
    }

    private Map<String, String> of(String json) {
        Map<String, String> known = parsed.get(json);
        if (known != null) {
            return known;
        }
        Map<String, String> read = read(json);
        if (parsed.size() >= MAX_CACHED) {
            parsed.clear();
        }
        parsed.put(json, read);
        return read;
    }

    /** The stored object; what is not a string header (never written by the service) is left out. */
    private Map<String, String> read(String json) {
        Map<String, String> headers = new LinkedHashMap<>();
        try {
            JsonNode node = mapper.readTree(json);
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getValue().isTextual()) {
                    headers.put(field.getKey(), field.getValue().textValue());
                }
            }
        } catch (JsonProcessingException e) {
            LOG.warn("A webhook's stored headers cannot be read; sent without them");
        }
        return Collections.unmodifiableMap(headers);
    }
}

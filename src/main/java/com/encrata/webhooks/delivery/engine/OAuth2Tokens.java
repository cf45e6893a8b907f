package com.encrata.webhooks.delivery.engine;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import com.encrata.webhooks.webhook.options.EndpointAuth;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Access tokens of OAuth2 client-credentials webhooks (SPEC §10, RFC 6749 §4.4): a form POST with
 * HTTP Basic client authentication to the token URL, through the same guard, TLS rules, deadline and
 * proxy as a delivery. A token is reused until {@link #MARGIN} before it expires ({@link #DEFAULT_LIFETIME}
 * when the answer has no {@code expires_in}); attempts that need one while it is being fetched wait for
 * that fetch rather than start their own. At most {@link #MAX_CACHED} webhooks' tokens are kept.
 */
@ApplicationScoped
public class OAuth2Tokens {

    private static final Logger LOG = Logger.getLogger(OAuth2Tokens.class);
    static final Duration MARGIN = Duration.ofSeconds(30);
    static final Duration DEFAULT_LIFETIME = Duration.ofSeconds(300);
    /** A token answer may carry a large JWT; anything beyond this is not a token answer we use. */
    static final int MAX_ANSWER_BYTES = 64 * 1024;
    static final int MAX_CACHED = 10_000;

    /** An access token, and when it stops being reused. */
    public static final class Token {
        private final String value;
        private final long staleAtNanos;

        Token(String value, long staleAtNanos) {
            this.value = value;
            this.staleAtNanos = staleAtNanos;
        }

        public String value() {
            return value;
        }

        boolean fresh(long nowNanos) {
            return nowNanos - staleAtNanos < 0;
        }

        @Override
        public String toString() {
            return "Token[redacted]";
        }
    }

    /** The token of a webhook's grant, fetched or being fetched; null inside when the fetch failed. */
    private record Entry(EndpointAuth.OAuth2 grant, CompletableFuture<Token> token) {
    }

    private final DeliverySender sender;
    private final DeliveryClients clients;
    private final ObjectMapper mapper;
    private final String userAgent;
    private final Map<UUID, Entry> cache = new ConcurrentHashMap<>();

    public OAuth2Tokens(DeliverySender sender, DeliveryClients clients, ObjectMapper mapper,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "1") String version) {
        this.sender = sender;
        this.clients = clients;
        this.mapper = mapper;
        this.userAgent = DeliveryAttempt.userAgent(version);
    }

    /** Calls {@code done} with a token for the webhook's grant, or with null when none could be obtained. */
    public void token(UUID webhookId, EndpointAuth.OAuth2 grant, Consumer<Token> done) {
        long now = System.nanoTime();
        Entry mine = new Entry(grant, new CompletableFuture<>());
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        Entry chosen = cache.compute(webhookId, (id, current) -> usable(current, grant, now) ? current : mine);
        if (chosen == mine) {
            fetch(webhookId, mine);
        }
        chosen.token().thenAccept(done);
    }

    /** Forgets {@code token} (the endpoint answered 401 to it), so the next attempt fetches a new one. */
    public void discard(UUID webhookId, Token token) {
        cache.computeIfPresent(webhookId, (id, entry) -> entry.token().getNow(null) == token ? null : entry);
    }

    private static boolean usable(Entry entry, EndpointAuth.OAuth2 grant, long now) {
        if (entry == null || !entry.grant().equals(grant)) {
            return false;
        }
        if (!entry.token().isDone()) {
            return true;
        }
        Token token = entry.token().getNow(null);
        return token != null && token.fresh(now);
    }

    private void fetch(UUID webhookId, Entry entry) {
        EndpointAuth.OAuth2 grant = entry.grant();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        headers.put("Accept", "application/json");
        headers.put("User-Agent", userAgent);
        // RFC 6749 §2.3.1: the client id and secret are form-encoded before they are joined.
        String client = form(grant.clientId()) + ":" + form(grant.clientSecret());
        headers.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(client.getBytes(StandardCharsets.UTF_8)));
        StringBuilder body = new StringBuilder("grant_type=client_credentials");
        if (grant.scope() != null) {
            body.append("&scope=").append(form(grant.scope()));
        }
        if (grant.audience() != null) {
            body.append("&audience=").append(form(grant.audience()));
        }
        long started = System.nanoTime();
        sender.send(clients.shared(), grant.tokenUrl(), headers, body.toString().getBytes(StandardCharsets.UTF_8),
                MAX_ANSWER_BYTES, answer -> {
                    Token token = read(webhookId, answer, started);
                    if (token == null) {
                        cache.remove(webhookId, entry);
                    }
                    entry.token().complete(token);
                });
    }

    /** The token of a token answer, or null (logged without the answer's content). */
    private Token read(UUID webhookId, Answer answer, long started) {
        if (answer.status() == null) {
            LOG.warnf("Webhook %s: the OAuth2 token request failed (%s)", webhookId, answer.error());
            return null;
        }
        if (!answer.success()) {
            LOG.warnf("Webhook %s: the OAuth2 token endpoint answered %d", webhookId, answer.status());
            return null;
        }
        try {
            JsonNode json = mapper.readTree(answer.body());
            JsonNode accessToken = json.get("access_token");
            JsonNode type = json.get("token_type");
            if (accessToken == null || !accessToken.isTextual() || !headerSafe(accessToken.textValue())
                    || type != null && !(type.isTextual() && type.textValue().equalsIgnoreCase("bearer"))) {
                LOG.warnf("Webhook %s: the OAuth2 token answer has no usable bearer access_token", webhookId);
                return null;
            }
            long lifetime = lifetimeSeconds(json.get("expires_in"));
            return new Token(accessToken.textValue(), started + (lifetime - MARGIN.toSeconds()) * 1_000_000_000L);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            LOG.warnf("Webhook %s: the OAuth2 token answer is not a JSON token answer", webhookId);
            return null;
        }
    }

    /** {@code expires_in} in seconds (a number, or a number in a string as some servers send it). */
    private static long lifetimeSeconds(JsonNode expiresIn) {
        if (expiresIn == null || expiresIn.isNull()) {
            return DEFAULT_LIFETIME.toSeconds();
        }
        double seconds;
        if (expiresIn.isNumber()) {
            seconds = expiresIn.doubleValue();
        } else if (expiresIn.isTextual()) {
            seconds = Double.parseDouble(expiresIn.textValue().strip());
        } else {
            throw new IllegalArgumentException("expires_in");
        }
        if (Double.isNaN(seconds)) {
            throw new IllegalArgumentException("expires_in");
        }
        return (long) Math.max(0, Math.min(seconds, Integer.MAX_VALUE));
    }

    /** What may follow {@code Bearer } in a header: RFC 6750's b64token is narrower; printable ASCII without space. */
    private static boolean headerSafe(String token) {
        return !token.isEmpty() && token.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    private static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

package com.encrata.webhooks.platform.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.resteasy.reactive.RestResponse;

import com.encrata.webhooks.platform.crypto.SecretCipher;
import com.encrata.webhooks.platform.error.Conflict;
import com.encrata.webhooks.platform.error.InvalidField;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;

/**
 * {@code Idempotency-Key} on creates: within 24 hours the same key with the same body from the same
 * workspace replays the original answer (stored encrypted, secret included); the same key with
 * another body is a 409. The key's row, the create and the stored answer are one transaction: a
 * failed or interrupted create (even a killed process) leaves no trace, so a retry simply runs it,
 * and nothing is ever created twice.
 */
@ApplicationScoped
public class IdempotentCreates {

    public static final String HEADER = "Idempotency-Key";
    public static final String REUSED = "Idempotency-Key reused with a different request";
    private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7E][\\x20-\\x7E]{0,254}");

    private final Pool pool;
    private final IdempotencyKeys keys;
    private final SecretCipher cipher;
    private final ObjectMapper mapper;

    public IdempotentCreates(Pool pool, IdempotencyKeys keys, SecretCipher cipher, ObjectMapper mapper) {
        this.pool = pool;
        this.keys = keys;
        this.cipher = cipher;
        this.mapper = mapper;
    }

    /**
     * Runs {@code create} once per key. {@code create} gets the client to run on: the pool when no
     * key was given ({@code key} null), else the transaction that also records the key.
     */
    public <T> Uni<RestResponse<T>> run(UUID workspaceId, String key, String endpoint, Object request, Class<T> type,
            Function<SqlClient, Uni<RestResponse<T>>> create) {
        if (key == null) {
            return create.apply(pool);
        }
        if (!VALID_KEY.matcher(key).matches()) {
            throw new InvalidField(HEADER, "must be 1 to 255 printable ASCII characters");
        }
        byte[] hash = hash(endpoint, request);
        return pool.withTransaction(tx -> once(tx, workspaceId, key, hash, type, create));
    }

    private <T> Uni<RestResponse<T>> once(SqlClient tx, UUID workspaceId, String key, byte[] hash, Class<T> type,
            Function<SqlClient, Uni<RestResponse<T>>> create) {
        return keys.claim(tx, workspaceId, key, hash).chain(claimed -> {
            if (claimed) {
                return create.apply(tx).call(answer -> save(tx, workspaceId, key, answer));
            }
            return keys.find(tx, workspaceId, key).chain(found -> {
                if (found.isEmpty() || found.get().expired()) {
                    return keys.forget(tx, workspaceId, key).chain(() -> once(tx, workspaceId, key, hash, type, create));
                }
                if (!Arrays.equals(found.get().requestHash(), hash)) {
                    throw new Conflict(REUSED);
                }
                return Uni.createFrom().item(replay(workspaceId, key, found.get(), type));
            });
        });
    }

    private <T> Uni<Void> save(SqlClient tx, UUID workspaceId, String key, RestResponse<T> answer) {
        try {
            String body = mapper.writeValueAsString(answer.getEntity());
            return keys.save(tx, workspaceId, key, answer.getStatus(), answer.getHeaderString(HttpHeaders.LOCATION),
                    cipher.encrypt(body, aad(workspaceId, key)));
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
    }

    private <T> RestResponse<T> replay(UUID workspaceId, String key, IdempotencyKeys.Stored stored, Class<T> type) {
        String body = cipher.decrypt(stored.responseCiphertext(), aad(workspaceId, key))
                .orElseThrow(() -> new IllegalStateException("Stored idempotent answer cannot be decrypted"));
        try {
            RestResponse.ResponseBuilder<T> builder = RestResponse.ResponseBuilder.create(
                    RestResponse.Status.fromStatusCode(stored.status()), mapper.readValue(body, type));
            if (stored.location() != null) {
                builder.header(HttpHeaders.LOCATION, stored.location());
            }
            return builder.build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored idempotent answer is not readable", e);
        }
    }

    private byte[] hash(String endpoint, Object request) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(endpoint.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            return digest.digest(mapper.writeValueAsBytes(request));
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The associated data of a stored answer's ciphertext. */
    public static String aad(UUID workspaceId, String key) {
        return "idempotency:" + workspaceId + ":" + key;
    }
}

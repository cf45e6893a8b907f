package com.encrata.webhooks.common.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.resteasy.reactive.RestResponse;

import com.encrata.webhooks.common.ApiException;
import com.encrata.webhooks.common.crypto.SecretCipher;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * {@code Idempotency-Key} on creates: within 24 hours the same key with the same body from the same
 * workspace replays the original answer (stored encrypted, secret included); the same key with
 * another body is a 409, and so is a second request while the first is still running. A create that
 * fails frees its key, so the client can retry.
 */
@ApplicationScoped
public class IdempotentCreates {

    public static final String HEADER = "Idempotency-Key";
    public static final String REUSED = "Idempotency-Key reused with a different request";
    public static final String IN_PROGRESS = "A request with this Idempotency-Key is still in progress";
    private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7E][\\x20-\\x7E]{0,254}");

    private static final String CLAIM = """
            INSERT INTO idempotency_keys (workspace_id, key, request_hash) VALUES ($1, $2, $3)
            ON CONFLICT (workspace_id, key) DO NOTHING RETURNING key""";
    private static final String FIND = """
            SELECT request_hash, status, location, response_ciphertext, created_at < now() - interval '24 hours' AS expired
            FROM idempotency_keys WHERE workspace_id = $1 AND key = $2""";
    private static final String SAVE = """
            UPDATE idempotency_keys SET status = $3, location = $4, response_ciphertext = $5
            WHERE workspace_id = $1 AND key = $2""";
    private static final String FORGET = "DELETE FROM idempotency_keys WHERE workspace_id = $1 AND key = $2";

    private final Pool pool;
    private final SecretCipher cipher;
    private final ObjectMapper mapper;

    public IdempotentCreates(Pool pool, SecretCipher cipher, ObjectMapper mapper) {
        this.pool = pool;
        this.cipher = cipher;
        this.mapper = mapper;
    }

    /** Runs {@code create} once per key; {@code key} null means no idempotency was asked for. */
    public <T> Uni<RestResponse<T>> run(UUID workspaceId, String key, String endpoint, Object request, Class<T> type,
            Supplier<Uni<RestResponse<T>>> create) {
        if (key == null) {
            return create.get();
        }
        if (!VALID_KEY.matcher(key).matches()) {
            throw ApiException.badRequest(HEADER, "must be 1 to 255 printable ASCII characters");
        }
        byte[] hash = hash(endpoint, request);
        Tuple id = Tuple.of(workspaceId, key);
        return pool.preparedQuery(CLAIM).execute(Tuple.of(workspaceId, key, Buffer.buffer(hash))).chain(claimed -> {
            if (claimed.size() == 1) {
                return create.get()
                        .call(answer -> save(workspaceId, key, answer))
                        .onFailure().call(() -> pool.preparedQuery(FORGET).execute(id));
            }
            return pool.preparedQuery(FIND).execute(id).chain(rows -> {
                if (rows.size() == 0) {
                    return run(workspaceId, key, endpoint, request, type, create);
                }
                Row row = rows.iterator().next();
                if (row.getBoolean("expired")) {
                    return pool.preparedQuery(FORGET).execute(id)
                            .chain(() -> run(workspaceId, key, endpoint, request, type, create));
                }
                if (!Arrays.equals(row.getBuffer("request_hash").getBytes(), hash)) {
                    throw ApiException.conflict(REUSED);
                }
                if (row.getString("response_ciphertext") == null) {
                    throw ApiException.conflict(IN_PROGRESS);
                }
                return Uni.createFrom().item(replay(workspaceId, key, row, type));
            });
        });
    }

    private <T> Uni<Void> save(UUID workspaceId, String key, RestResponse<T> answer) {
        try {
            String body = mapper.writeValueAsString(answer.getEntity());
            return pool.preparedQuery(SAVE).execute(Tuple.of(workspaceId, key, answer.getStatus(),
                    answer.getHeaderString(HttpHeaders.LOCATION), cipher.encrypt(body, aad(workspaceId, key))))
                    .replaceWithVoid();
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
    }

    private <T> RestResponse<T> replay(UUID workspaceId, String key, Row row, Class<T> type) {
        String body = cipher.decrypt(row.getString("response_ciphertext"), aad(workspaceId, key))
                .orElseThrow(() -> new IllegalStateException("Stored idempotent answer cannot be decrypted"));
        try {
            RestResponse.ResponseBuilder<T> builder = RestResponse.ResponseBuilder.create(
                    RestResponse.Status.fromStatusCode(row.getInteger("status")), mapper.readValue(body, type));
            if (row.getString("location") != null) {
                builder.header(HttpHeaders.LOCATION, row.getString("location"));
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

    private static String aad(UUID workspaceId, String key) {
        return "idempotency:" + workspaceId + ":" + key;
    }
}

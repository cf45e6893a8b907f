package com.encrata.webhooks.platform.idempotency;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.encrata.webhooks.platform.crypto.EncryptedColumns;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The stored {@code Idempotency-Key}s, on the caller's transaction: a key's row is inserted,
 * answered and committed together with the create it guards, so other requests never see a key
 * without its answer (a concurrent one waits on the row, then replays).
 */
@ApplicationScoped
public class IdempotencyKeys implements EncryptedColumns {

    /** A stored key: the hash of the request it was used with and the answer, encrypted. */
    public record Stored(byte[] requestHash, int status, String location, String responseCiphertext, boolean expired) {
    }

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

    /** Stored answers hold secrets (a webhook's, an API key), so a key rotation moves them too. */
    @Override
    public List<Column> encryptedColumns() {
        return List.of(new Column("idempotency_keys", "response_ciphertext",
                "'idempotency:' || workspace_id::text || ':' || key"));
    }

    /** Takes the key for this transaction; false when it is already stored (the call waits for a concurrent holder). */
    public Uni<Boolean> claim(SqlClient tx, UUID workspaceId, String key, byte[] requestHash) {
        return tx.preparedQuery(CLAIM).execute(Tuple.of(workspaceId, key, Buffer.buffer(requestHash)))
                .map(rows -> rows.size() == 1);
    }

    public Uni<Optional<Stored>> find(SqlClient tx, UUID workspaceId, String key) {
        return tx.preparedQuery(FIND).execute(Tuple.of(workspaceId, key)).map(rows -> {
            if (rows.size() == 0) {
                return Optional.empty();
            }
            Row row = rows.iterator().next();
            Integer status = row.getInteger("status");
            return Optional.of(new Stored(row.getBuffer("request_hash").getBytes(), status == null ? 0 : status,
                    row.getString("location"), row.getString("response_ciphertext"), row.getBoolean("expired")));
        });
    }

    public Uni<Void> save(SqlClient tx, UUID workspaceId, String key, int status, String location, String ciphertext) {
        return tx.preparedQuery(SAVE).execute(Tuple.of(workspaceId, key, status, location, ciphertext)).replaceWithVoid();
    }

    public Uni<Void> forget(SqlClient tx, UUID workspaceId, String key) {
        return tx.preparedQuery(FORGET).execute(Tuple.of(workspaceId, key)).replaceWithVoid();
    }
}

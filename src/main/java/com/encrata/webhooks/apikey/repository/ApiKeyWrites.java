package com.encrata.webhooks.apikey.repository;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.encrata.webhooks.apikey.ApiKey;
import com.encrata.webhooks.auth.KeyCache;
import com.encrata.webhooks.auth.Role;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The writes of API keys, on the SQL client inside one transaction with the {@code apikey.*} event
 * they raise (the intake's fan-out statement runs on the same connection), so a key never changes
 * without its event and no event reports a change that rolled back.
 */
@ApplicationScoped
public class ApiKeyWrites {

    // The workspace row is the quota lock: creates of one workspace take turns, so the count holds.
    private static final String LOCK_WORKSPACE = "SELECT id FROM workspaces WHERE id = $1 FOR UPDATE";
    private static final String COUNT_ACTIVE = "SELECT count(*) FROM api_keys WHERE workspace_id = $1 AND revoked_at IS NULL";
    private static final String INSERT = """
            INSERT INTO api_keys (id, workspace_id, user_id, role, name, key_hash, key_last4, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""";
    private static final String LOCK_OWN = """
            SELECT id, workspace_id, user_id, role, name, key_last4, created_at, revoked_at FROM api_keys
            WHERE id = $1 AND workspace_id = $2 AND user_id = $3 FOR UPDATE""";
    private static final String REVOKE = "UPDATE api_keys SET revoked_at = $2 WHERE id = $1";
    private static final String DELETE = "DELETE FROM api_keys WHERE id = $1";
    private static final String ANNOUNCE = "SELECT pg_notify($1, $2)";

    /** Locks the workspace for a quota check; false when it does not exist. */
    public Uni<Boolean> lockWorkspace(SqlClient tx, UUID workspaceId) {
        return tx.preparedQuery(LOCK_WORKSPACE).execute(Tuple.of(workspaceId)).map(rows -> rows.size() == 1);
    }

    public Uni<Long> countActive(SqlClient tx, UUID workspaceId) {
        return tx.preparedQuery(COUNT_ACTIVE).execute(Tuple.of(workspaceId)).map(rows -> rows.iterator().next().getLong(0));
    }

    public Uni<Void> insert(SqlClient tx, ApiKey key) {
        Tuple values = Tuple.tuple().addUUID(key.id).addUUID(key.workspaceId).addUUID(key.userId)
                .addString(key.role.wireName()).addString(key.name).addBuffer(Buffer.buffer(key.keyHash))
                .addString(key.keyLast4).addOffsetDateTime(key.createdAt.atOffset(ZoneOffset.UTC));
        return tx.preparedQuery(INSERT).execute(values).replaceWithVoid();
    }

    /** One of the user's keys in the workspace, locked until the transaction ends. */
    public Uni<Optional<ApiKey>> lockOwn(SqlClient tx, UUID id, UUID workspaceId, UUID userId) {
        return tx.preparedQuery(LOCK_OWN).execute(Tuple.of(id, workspaceId, userId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(toKey(rows.iterator().next())));
    }

    public Uni<Void> revoke(SqlClient tx, UUID id, Instant at) {
        return tx.preparedQuery(REVOKE).execute(Tuple.of(id, at.atOffset(ZoneOffset.UTC))).replaceWithVoid();
    }

    public Uni<Void> delete(SqlClient tx, UUID id) {
        return tx.preparedQuery(DELETE).execute(Tuple.of(id)).replaceWithVoid();
    }

    /** Tells every instance, when the transaction commits, that the key no longer authenticates. */
    public Uni<Void> announceRevoked(SqlClient tx, UUID id) {
        return tx.preparedQuery(ANNOUNCE).execute(Tuple.of(KeyCache.CHANNEL, id.toString())).replaceWithVoid();
    }

    private static ApiKey toKey(Row row) {
        ApiKey key = new ApiKey();
        key.id = row.getUUID("id");
        key.workspaceId = row.getUUID("workspace_id");
        key.userId = row.getUUID("user_id");
        key.role = Role.fromWire(row.getString("role")).orElseThrow();
        key.name = row.getString("name");
        key.keyLast4 = row.getString("key_last4");
        key.createdAt = row.getOffsetDateTime("created_at").toInstant();
        key.revokedAt = row.getOffsetDateTime("revoked_at") == null ? null : row.getOffsetDateTime("revoked_at").toInstant();
        return key;
    }
}

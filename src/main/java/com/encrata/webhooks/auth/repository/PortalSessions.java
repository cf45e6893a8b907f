package com.encrata.webhooks.auth.repository;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.encrata.webhooks.auth.Role;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/** Portal sessions: stored by the SHA-256 of their token only, and purged once expired. */
@ApplicationScoped
public class PortalSessions {

    // Nothing is inserted for a missing workspace.
    private static final String INSERT = """
            INSERT INTO portal_sessions (id, workspace_id, user_id, role, token_hash, created_at, expires_at)
            SELECT $1, ws.id, $3, $4, $5, $6, $7 FROM workspaces ws WHERE ws.id = $2
            RETURNING id""";
    private static final String PURGE = "DELETE FROM portal_sessions WHERE expires_at <= now()";

    private final Pool pool;

    public PortalSessions(Pool pool) {
        this.pool = pool;
    }

    /** Stores a session; false when the workspace does not exist. */
    public Uni<Boolean> insert(UUID workspaceId, UUID userId, Role role, byte[] tokenHash, Instant createdAt,
            Instant expiresAt) {
        Tuple values = Tuple.tuple().addUUID(UUID.randomUUID()).addUUID(workspaceId).addUUID(userId)
                .addString(role.wireName()).addBuffer(Buffer.buffer(tokenHash))
                .addOffsetDateTime(createdAt.atOffset(ZoneOffset.UTC)).addOffsetDateTime(expiresAt.atOffset(ZoneOffset.UTC));
        return pool.preparedQuery(INSERT).execute(values).map(rows -> rows.size() == 1);
    }

    /** Deletes expired sessions; how many went. */
    public Uni<Integer> purgeExpired() {
        return pool.query(PURGE).execute().map(rows -> rows.rowCount());
    }
}

package com.encrata.webhooks.auth.repository;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.encrata.webhooks.auth.Caller;
import com.encrata.webhooks.auth.RateWindow;
import com.encrata.webhooks.auth.Role;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Finds the active key (or unexpired portal session) of a request by its hash and, on rate-limited
 * paths, counts the request in its window, in one round trip: authentication runs on every request, so it goes straight
 * to the SQL client rather than through an ORM session.
 */
@ApplicationScoped
public class KeyLookup {

    private static final String FIND = """
            SELECT id, workspace_id, user_id, role FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL""";

    // A new window opens at the first request after the old one ended; a refused request (already
    // over the limit) does not move the counter further.
    private static final String FIND_AND_COUNT = """
            WITH k AS (
                SELECT id, workspace_id, user_id, role FROM api_keys WHERE key_hash = $1 AND revoked_at IS NULL
            ), w AS (
                INSERT INTO api_rate_limits AS r (key_id, window_start, used)
                SELECT id, now(), 1 FROM k
                ON CONFLICT (key_id) DO UPDATE SET
                    window_start = CASE WHEN r.window_start + make_interval(secs => $2) <= now()
                                        THEN now() ELSE r.window_start END,
                    used = CASE WHEN r.window_start + make_interval(secs => $2) <= now() THEN 1
                                ELSE LEAST(r.used + 1, $3 + 1) END
                RETURNING key_id, window_start, used
            )
            SELECT k.id, k.workspace_id, k.user_id, k.role, w.used,
                   extract(epoch FROM w.window_start + make_interval(secs => $2))::float8 AS reset_at,
                   extract(epoch FROM now())::float8 AS now
            FROM k JOIN w ON w.key_id = k.id""";

    private static final String TOUCH = """
            UPDATE api_keys SET last_used = $2 WHERE id = ANY($1) AND (last_used IS NULL OR last_used < $2)""";

    private static final String FIND_SESSION = """
            SELECT id, workspace_id, user_id, role FROM portal_sessions WHERE token_hash = $1 AND expires_at > now()""";

    // A portal session keeps its own fixed window in its row.
    private static final String FIND_SESSION_AND_COUNT = """
            UPDATE portal_sessions SET
                window_start = CASE WHEN window_start IS NULL OR window_start + make_interval(secs => $2) <= now()
                                    THEN now() ELSE window_start END,
                used = CASE WHEN window_start IS NULL OR window_start + make_interval(secs => $2) <= now()
                            THEN 1 ELSE LEAST(used + 1, $3 + 1) END
            WHERE token_hash = $1 AND expires_at > now()
            RETURNING id, workspace_id, user_id, role, used,
                      extract(epoch FROM window_start + make_interval(secs => $2))::float8 AS reset_at,
                      extract(epoch FROM now())::float8 AS now""";

    private final Pool pool;

    public KeyLookup(Pool pool) {
        this.pool = pool;
    }

    /** What a key hash authenticates as; null for no active key. {@code limit} 0 counts nothing. */
    public Uni<Authentication> authenticate(byte[] hash, int limit, double windowSeconds) {
        return authenticate(FIND, FIND_AND_COUNT, false, hash, limit, windowSeconds);
    }

    /** What a portal token hash authenticates as; null for no unexpired session. */
    public Uni<Authentication> authenticatePortal(byte[] hash, int limit, double windowSeconds) {
        return authenticate(FIND_SESSION, FIND_SESSION_AND_COUNT, true, hash, limit, windowSeconds);
    }

    private Uni<Authentication> authenticate(String find, String findAndCount, boolean portal, byte[] hash, int limit,
            double windowSeconds) {
        Buffer key = Buffer.buffer(hash);
        Uni<RowSet<Row>> rows = limit > 0
                ? pool.preparedQuery(findAndCount).execute(Tuple.of(key, windowSeconds, limit))
                : pool.preparedQuery(find).execute(Tuple.of(key));
        return rows.map(set -> {
            if (set.size() == 0) {
                return null;
            }
            Row row = set.iterator().next();
            Caller caller = new Caller(row.getUUID("id"), row.getUUID("user_id"), row.getUUID("workspace_id"),
                    Role.fromWire(row.getString("role")).orElseThrow(), portal);
            RateWindow window = limit > 0
                    ? new RateWindow(limit, row.getInteger("used"), row.getDouble("reset_at"), row.getDouble("now"))
                    : null;
            return new Authentication(caller, window);
        });
    }

    /** Moves {@code last_used} forward to {@code at} for these keys. */
    public Uni<Integer> touch(Collection<UUID> keyIds, Instant at) {
        return pool.preparedQuery(TOUCH).execute(Tuple.of(keyIds.toArray(UUID[]::new), at.atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.rowCount());
    }

    /** An authenticated caller and, on rate-limited paths, its window. */
    public record Authentication(Caller caller, RateWindow window) {

        public UUID keyId() {
            return caller.keyId();
        }
    }
}

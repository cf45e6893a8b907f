package com.encrata.webhooks.webhook.repository;

import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import com.encrata.webhooks.webhook.Webhook;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/** Queries on webhooks; every lookup by id is scoped to a workspace in the same query. */
@ApplicationScoped
public class WebhookRepository implements PanacheRepositoryBase<Webhook, UUID> {

    /** Name of the unique index on (workspace_id, url_key). */
    public static final String URL_UNIQUE = "webhooks_workspace_url_key";

    private static final Sort NEWEST_FIRST = Sort.descending("createdAt").and("id", Sort.Direction.Descending);

    // One statement, so a create costs one round trip: the workspace's webhook count goes up only
    // while under quota (the row lock makes concurrent creates of one workspace take turns), and the
    // insert happens only if it did; a duplicate URL fails the whole statement, count included.
    private static final String INSERT_WITHIN_QUOTA = """
            WITH ws AS (
                UPDATE workspaces SET webhook_count = webhook_count + 1 WHERE id = $2 AND webhook_count < $11
                RETURNING id)
            INSERT INTO webhooks (id, workspace_id, url, url_key, events, is_active, description, secret_ciphertext,
                                  created_by, created_at, updated_at, deactivated_at, deactivation_reason, ordering, rate_limit,
                                  headers, auth, auth_secret_ciphertext, filter, filter_id)
            SELECT $1, ws.id, $3, $4, $5, $6, $7, $8, $9, $10, $10, CASE WHEN $6::boolean THEN NULL ELSE $10::timestamptz END,
                   CASE WHEN $6::boolean THEN NULL ELSE 'paused' END, $12, $13, $14, $15, $16, $17, $18 FROM ws
            RETURNING id""";

    /**
     * Inserts the webhook unless the workspace already has {@code quota} webhooks; true when inserted.
     * Runs on {@code client}: the pool, or the transaction of an idempotent create.
     */
    public Uni<Boolean> insertWithinQuota(SqlClient client, Webhook w, int quota) {
        Tuple values = Tuple.tuple().addUUID(w.id).addUUID(w.workspaceId).addString(w.url).addString(w.urlKey)
                .addArrayOfString(w.events).addBoolean(w.active).addString(w.description).addString(w.secretCiphertext)
                .addUUID(w.createdBy).addOffsetDateTime(w.createdAt.atOffset(ZoneOffset.UTC)).addInteger(quota)
                .addString(w.ordering).addInteger(w.rateLimit).addString(w.headers).addString(w.auth)
                .addString(w.authSecretCiphertext).addString(w.filter).addUUID(w.filterId);
        return client.preparedQuery(INSERT_WITHIN_QUOTA).execute(values).map(rows -> rows.rowCount() == 1);
    }

    public Uni<Webhook> findInWorkspace(UUID id, UUID workspaceId) {
        return find("id = ?1 and workspaceId = ?2", id, workspaceId).firstResult();
    }

    /** The same, locked until the transaction ends, so concurrent updates and rotations take turns. */
    public Uni<Webhook> lockInWorkspace(UUID id, UUID workspaceId) {
        return find("id = ?1 and workspaceId = ?2", id, workspaceId).withLock(LockModeType.PESSIMISTIC_WRITE)
                .firstResult();
    }

    public Uni<List<Webhook>> listNewestFirst(UUID workspaceId) {
        return list("workspaceId", NEWEST_FIRST, workspaceId);
    }

    public Uni<Long> deleteInWorkspace(UUID id, UUID workspaceId) {
        return delete("id = ?1 and workspaceId = ?2", id, workspaceId);
    }
}

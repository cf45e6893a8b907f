package com.encrata.webhooks.platform.crypto;

import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * After a secrets-key rotation (new ENCRATA_SECRETS_KEY, old one in ENCRATA_SECRETS_KEY_PREVIOUS),
 * moves every stored secret to the new key, in batches, without changing any plaintext. Rows it
 * cannot decrypt are left as they are and counted; when a run reports none left, the previous key
 * can be removed from the configuration.
 */
@ApplicationScoped
public class SecretReencryption {

    private static final Logger LOG = Logger.getLogger(SecretReencryption.class);
    static final int BATCH = 500;

    /** What a run did. */
    public record Report(int reencrypted, int unreadable) {
    }

    private final Pool pool;
    private final SecretCipher cipher;
    private final Instance<EncryptedColumns> owners;

    public SecretReencryption(Pool pool, SecretCipher cipher, @Any Instance<EncryptedColumns> owners) {
        this.pool = pool;
        this.cipher = cipher;
        this.owners = owners;
    }

    @Scheduled(every = "${encrata.secrets.reencrypt-interval:10m}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return run().invoke(r -> {
            if (r.reencrypted() > 0 || r.unreadable() > 0) {
                LOG.infof("Secrets re-encryption: %d moved to the current key, %d unreadable", r.reencrypted(),
                        r.unreadable());
            }
        }).onFailure().invoke(e -> LOG.warnf("Secrets re-encryption failed: %s", e.getClass().getSimpleName()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    public Uni<Report> run() {
        List<EncryptedColumns.Column> columns = owners.stream().flatMap(o -> o.encryptedColumns().stream()).toList();
        return Multi.createFrom().iterable(columns).onItem().transformToUniAndConcatenate(t -> table(t, 0, 0))
                .collect().asList()
                .map(reports -> new Report(reports.stream().mapToInt(Report::reencrypted).sum(),
                        reports.stream().mapToInt(Report::unreadable).sum()));
    }

    // A ciphertext is unique (random nonce), so it identifies its row; unreadable rows are skipped by offset.
    private Uni<Report> table(EncryptedColumns.Column t, int done, int unreadable) {
        String select = "SELECT " + t.column() + " AS c, " + t.associatedData() + " AS aad FROM " + t.table()
                + " WHERE " + t.column() + " NOT LIKE $1 ORDER BY " + t.column() + " LIMIT $2 OFFSET $3";
        String update = "UPDATE " + t.table() + " SET " + t.column() + " = $2 WHERE " + t.column() + " = $1";
        return pool.preparedQuery(select).execute(Tuple.of(cipher.currentPrefix() + "%", BATCH, unreadable))
                .chain(rows -> {
                    List<Tuple> updates = new ArrayList<>();
                    int skipped = 0;
                    for (Row row : rows) {
                        String old = row.getString("c");
                        var plain = cipher.decrypt(old, row.getString("aad"));
                        if (plain.isEmpty()) {
                            skipped++;
                        } else {
                            updates.add(Tuple.of(old, cipher.encrypt(plain.get(), row.getString("aad"))));
                        }
                    }
                    int unread = unreadable + skipped;
                    if (updates.isEmpty()) {
                        return Uni.createFrom().item(new Report(done, unread));
                    }
                    int moved = done + updates.size();
                    Uni<Report> next = rows.size() < BATCH ? Uni.createFrom().item(new Report(moved, unread))
                            : table(t, moved, unread);
                    return pool.preparedQuery(update).executeBatch(updates).chain(() -> next);
                });
    }
}

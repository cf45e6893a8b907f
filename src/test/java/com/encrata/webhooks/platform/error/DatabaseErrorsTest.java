package com.encrata.webhooks.platform.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;

import org.junit.jupiter.api.Test;

import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;

class DatabaseErrorsTest {

    @Test
    void aStatementOnAConnectionClosedByARestartIsUnavailability() {
        // What the PostgreSQL client answers for a statement sent on a pooled connection the server has just closed.
        var closed = new NoStackTraceThrowable("Connection is not active now, current status: CLOSED");
        assertThat(DatabaseErrors.isUnavailable(closed)).isTrue();
        assertThat(DatabaseErrors.isUnavailable(new RuntimeException("wrapped", closed))).isTrue();
    }

    @Test
    void unreachableAndShuttingDownServersAreUnavailability() {
        assertThat(DatabaseErrors.isUnavailable(new ConnectException("Connection refused"))).isTrue();
        assertThat(DatabaseErrors.isUnavailable(new PgException("terminating connection due to administrator command",
                "FATAL", "57P01", null))).isTrue();
    }

    @Test
    void aRefusedStatementIsNotUnavailability() {
        assertThat(DatabaseErrors.isUnavailable(new PgException("duplicate key value", "ERROR", "23505", null))).isFalse();
        assertThat(DatabaseErrors.isUnavailable(new IllegalStateException("Connection pool is empty"))).isFalse();
    }
}

package com.encrata.webhooks.platform.error;

import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

/** Classifies failures that come back from the database client. */
public final class DatabaseErrors {

    private DatabaseErrors() {
    }

    /** True when the failure is a unique-constraint violation of the named constraint. */
    public static boolean isUniqueViolation(Throwable failure, String constraint) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && "23505".equals(pg.getSqlState())) {
                return constraint == null || constraint.equals(pg.getConstraint());
            }
            if (t instanceof org.hibernate.exception.ConstraintViolationException cve && "23505".equals(cve.getSQLState())) {
                return constraint == null || constraint.equals(cve.getConstraintName())
                        || String.valueOf(cve.getSQLException().getMessage()).contains("\"" + constraint + "\"");
            }
        }
        return false;
    }

    /** True when the statement was rolled back for a deadlock or a serialization failure: it may simply be run again. */
    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof PgException pg && pg.getSqlState() != null && pg.getSqlState().startsWith("40")) {
                return true;
            }
        }
        return false;
    }

    /** True when the database could not be reached or stopped answering (as opposed to refusing a statement). */
    public static boolean isUnavailable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException || t instanceof ClosedConnectionException
                    || t instanceof TimeoutException) {
                return true;
            }
            if (t instanceof PgException pg && pg.getSqlState() != null
                    && (pg.getSqlState().startsWith("08") || pg.getSqlState().startsWith("57P"))) {
                return true;
            }
            if (t instanceof IOException || t.getClass().getName().startsWith("io.netty.channel")) {
                return true;
            }
            // The client's own wording for a statement given to a pooled connection the server has just
            // closed (a restart): not an exception type of its own.
            String message = t.getMessage();
            if (message != null && (message.contains("Connection refused") || message.contains("Timeout")
                    || message.contains("Connection is not active now"))) {
                return true;
            }
        }
        return false;
    }
}

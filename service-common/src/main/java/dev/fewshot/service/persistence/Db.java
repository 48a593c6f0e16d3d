package dev.fewshot.service.persistence;

import dev.fewshot.service.errors.RetryPolicy;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The services' one way onto PostgreSQL: connections from the pool, handed to the store module's tables (which hold
 * every statement). {@link #inTransaction} commits a unit as a whole and survives the database being away for a
 * while: a transient failure (no connection, server shutting down, serialization conflict) rolls back and runs the
 * whole unit again under the service's {@link RetryPolicy}. Every unit is idempotent (natural keys,
 * {@code on conflict do nothing}), so running it again is harmless.
 */
@ApplicationScoped
public class Db {

    /** One unit of work on a connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    @Inject
    AgroalDataSource dataSource;

    /** The service's database retry policy ({@code fewshot.<service>.db-retry.*}), produced from its config. */
    @Inject
    RetryPolicy retry;

    /**
     * Runs {@code work} in a transaction, retrying transient failures.
     *
     * @throws SQLException the last transient failure when they outlast the retry policy, or at once a
     *                      permanent one (a constraint, a bad value): retrying cannot help
     */
    public <T> T inTransaction(String what, Work<T> work) throws SQLException {
        return retry.run(what, () -> {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    rollbackQuietly(c);
                    throw e;
                }
            }
        });
    }

    /** One statement or a few on an autocommit connection, no retry: the caller decides (it retries or gives up). */
    public <T> T call(Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        }
    }

    /** Read-only queries for an API: no retry, a failure is answered at once. */
    public <T> T read(Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            c.setReadOnly(true);
            try {
                return work.run(c);
            } finally {
                c.setReadOnly(false);
            }
        }
    }

    /** A connection of its own, for session-scoped state such as an advisory lock; the caller closes it. */
    public Connection session() throws SQLException {
        return dataSource.getConnection();
    }

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken anyway; the pool discards it
        }
    }
}

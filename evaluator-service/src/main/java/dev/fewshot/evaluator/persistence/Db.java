package dev.fewshot.evaluator.persistence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * JDBC transactions that survive PostgreSQL being away for a while: a transient failure (no
 * connection, server shutting down, serialization conflict) rolls back and retries the whole unit
 * with exponential back-off, up to a total time limit. Every unit is idempotent (natural keys,
 * {@code on conflict do nothing}), so running it again is harmless.
 */
@ApplicationScoped
public class Db {

    /** One unit of work on a connection that is committed as a whole. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    @Inject
    AgroalDataSource dataSource;

    @Inject
    dev.fewshot.evaluator.EvaluatorConfig config;

    /**
     * Runs {@code work} in a transaction, retrying transient failures.
     *
     * @throws SQLException                 the last transient failure, when they last longer than the retry limit
     * @throws SQLException                 a non-transient error (constraint, syntax): retrying cannot help
     */
    public <T> T inTransaction(String what, Work<T> work) throws SQLException {
        return config.evaluator().dbRetry().policy().run(what, () -> {
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

    /** Read-only queries for the API: no retry, a failure is answered at once. */
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

    private static void rollbackQuietly(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken anyway; the pool discards it
        }
    }
}

package dev.fewshot.service.persistence;

import dev.fewshot.service.errors.RetryPolicy;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import org.hibernate.Session;

/**
 * The services' one way onto PostgreSQL: connections handed to the store module's tables (which hold every
 * statement). {@link #inTransaction} runs a unit on Hibernate ORM's connection in one JTA transaction, committed as a
 * whole, and survives the database being away for a while: a transient failure (no connection, server shutting down, serialization conflict) rolls back and runs the
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

    /**
     * Hibernate's session: units of work run on its connection inside a JTA transaction. Looked up when a unit runs,
     * so a service that runs none (the embedder, without a persistence unit of its own) does not need one.
     */
    @Inject
    Instance<Session> session;

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
        return retry.run(what, () -> transaction(work));
    }

    /** One try of a unit of work, committed as a whole; a failure goes to the caller (which parks or retries). */
    public <T> T transaction(Work<T> work) throws SQLException {
        try {
            // One JTA transaction with Hibernate's connection: the tables' statements run on the session's JDBC
            // connection, committed or rolled back as a whole by the transaction manager.
            return QuarkusTransaction.requiringNew().call(() -> session.get().doReturningWork(work::run));
        } catch (RuntimeException e) {
            throw sqlCause(e);
        }
    }

    /** The SQLException under Hibernate's and the transaction manager's wrappers, so the retry policy and callers see it. */
    private static SQLException sqlCause(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        throw e;
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

}

package dev.fewshot.service.persistence;

import dev.fewshot.service.errors.RetryPolicy;
import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientException;

/**
 * The services' one way onto PostgreSQL: connections handed to the store module's tables (which hold every
 * statement). {@link #inTransaction} runs a unit in one JTA transaction (the pool enlists its connection), committed
 * as a whole, and survives the database being away for a while: a transient failure (no connection, server shutting down, serialization conflict) rolls back and runs the
 * whole unit again under the service's {@link RetryPolicy}. Every unit is idempotent (natural keys,
 * {@code on conflict do nothing}), so running it again is harmless.
 */
@ApplicationScoped
public class Db {
    /** A unit of work stores one step's results: seconds; past this the transaction manager rolls it back. */
    static final int UNIT_TIMEOUT_SECONDS = 300;

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
        return retry.run(what, () -> transaction(work));
    }

    /** One try of a unit of work, committed as a whole; a failure goes to the caller (which parks or retries). */
    public <T> T transaction(Work<T> work) throws SQLException {
        outsideUnits("transaction"); // a unit inside a unit would commit on its own, apart from the outer one
        try {
            // One JTA transaction: the pool enlists the connection taken inside it, so the tables' statements (and a
            // row lock taken with "for update") commit or roll back as a whole when the transaction manager ends it.
            return QuarkusTransaction.requiringNew().timeout(UNIT_TIMEOUT_SECONDS).call(() -> {
                try (Connection c = dataSource.getConnection()) {
                    return work.run(c);
                }
            });
        } catch (RuntimeException e) {
            throw sqlCause(e);
        }
    }

    /**
     * The SQLException under the transaction manager's wrappers, so the retry policy and callers see it. A transaction
     * the manager rolled back on its own (past its timeout) holds none: that is the database being slow, transient.
     */
    private static SQLException sqlCause(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
            if (t.getClass().getName().equals("jakarta.transaction.RollbackException")) {
                return new SQLTransientException("the transaction was rolled back before it could commit: "
                        + t.getMessage(), e);
            }
        }
        throw e;
    }

    /** One statement or a few on an autocommit connection, no retry: the caller decides (it retries or gives up). */
    public <T> T call(Work<T> work) throws SQLException {
        outsideUnits("call");
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        }
    }

    /** Read-only queries for an API: no retry, a failure is answered at once. */
    public <T> T read(Work<T> work) throws SQLException {
        outsideUnits("read");
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
        outsideUnits("session");
        return dataSource.getConnection();
    }

    /**
     * Inside a unit of work, a nested unit (requiringNew) would commit apart from it, and a pooled connection taken
     * here would be enlisted in the unit's transaction or not, depending on the pool, so its statements could commit
     * apart from the unit: a unit uses the connection it is given, so asking for another one there is a bug, refused
     * at once.
     */
    private static void outsideUnits(String method) {
        if (QuarkusTransaction.isActive()) {
            throw new IllegalStateException("Db." + method + " inside a unit of work: use the unit's connection,"
                    + " so its statements commit or roll back with the unit");
        }
    }

}

package dev.fewshot.service.persistence;

import dev.fewshot.service.errors.RetryPolicy;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.sql.SQLTransientException;

/**
 * The services' one way onto PostgreSQL: every call of the store module's repositories (which hold every statement,
 * as Hibernate native queries) runs inside a unit of work here, one JTA transaction whose Hibernate session the
 * repositories share, committed as a whole. {@link #inTransaction} also survives the database being away for a
 * while: a transient failure (no connection, server shutting down, serialization conflict) rolls back and runs the
 * whole unit again under the service's {@link RetryPolicy}. Every unit is idempotent (natural keys,
 * {@code on conflict do nothing}), so running it again is harmless.
 */
@ApplicationScoped
public class Db {
    /** A unit of work stores one step's results: seconds; past this the transaction manager rolls it back. */
    static final int UNIT_TIMEOUT_SECONDS = 300;

    /** One unit of work: calls of the store's repositories, on the unit's session. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws SQLException;
    }

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

    /**
     * One try of a unit of work (one statement or several), committed as a whole; a failure goes to the caller, which
     * parks, retries or answers it (an API's read is answered at once).
     */
    public <T> T transaction(Work<T> work) throws SQLException {
        outsideUnits("transaction"); // a unit inside a unit would commit on its own, apart from the outer one
        try {
            // One JTA transaction: Hibernate's transaction-scoped session takes one enlisted connection, so the
            // repositories' statements (and a row lock taken with "for update") commit or roll back as a whole when
            // the transaction manager ends it.
            return QuarkusTransaction.requiringNew().timeout(UNIT_TIMEOUT_SECONDS).call(work::run);
        } catch (RuntimeException e) {
            throw sqlCause(e);
        }
    }

    /**
     * The SQLException under the transaction manager's and Hibernate's wrappers, so the retry policy and callers see
     * it. A transaction the manager rolled back on its own (past its timeout) holds none: that is the database being
     * slow, transient; so is any other failure of the commit itself (nothing was committed, the unit can run again).
     */
    private static SQLException sqlCause(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
            if (t instanceof jakarta.transaction.RollbackException || t instanceof jakarta.transaction.SystemException
                    || t instanceof jakarta.transaction.HeuristicRollbackException) {
                return new SQLTransientException("the transaction was rolled back before it could commit: "
                        + t.getMessage(), e);
            }
        }
        throw e;
    }

    /**
     * Inside a unit of work, a nested unit (requiringNew) would commit apart from it, so its statements could commit
     * while the unit rolls back: a unit calls the repositories directly, so opening another one there is a bug,
     * refused at once.
     */
    private static void outsideUnits(String method) {
        if (QuarkusTransaction.isActive()) {
            throw new IllegalStateException("Db." + method + " inside a unit of work: call the repositories"
                    + " directly, so their statements commit or roll back with the unit");
        }
    }

}

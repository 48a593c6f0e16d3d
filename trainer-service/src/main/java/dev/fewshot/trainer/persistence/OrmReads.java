package dev.fewshot.trainer.persistence;

import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.persistence.PersistenceException;
import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * Runs a standalone read through Hibernate (callers activate a request context for the session).
 * Database failures come back as SQLException, so the RetryPolicy retries them as it does the writes;
 * the session is cleared afterwards so a later read in the same context never sees a stale row
 * (the rows change underneath through store's repositories).
 */
final class OrmReads {
    private OrmReads() {
    }

    static <T> T read(String what, Supplier<T> query) throws SQLException {
        try {
            return query.get();
        } catch (PersistenceException e) {
            Throwable cause = e;
            while (cause != null && !(cause instanceof SQLException)) {
                cause = cause.getCause();
            }
            throw cause instanceof SQLException sql ? new SQLException(what + " failed: " + sql.getMessage(),
                    sql.getSQLState(), sql) : new SQLException(what + " failed: " + e.getMessage(), e);
        } finally {
            try {
                Panache.getEntityManager().clear();
            } catch (RuntimeException ignored) {
                // no usable session: nothing cached either
            }
        }
    }
}

package dev.fewshot.trainer.persistence;

import dev.fewshot.service.persistence.Db;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Session-level PostgreSQL advisory locks, one per run (store's {@link dev.fewshot.store.tables.RunLocks}), so that
 * trainer replicas sharing the queue never fit the same run at once. The lock lives as long as the returned handle's
 * connection.
 */
@ApplicationScoped
public class RunLocks {
    @Inject
    Db db;

    /** A held lock; closing it releases the lock and the connection. */
    public interface Held extends AutoCloseable {
        @Override
        void close() throws SQLException;
    }

    public Optional<Held> tryLock(String runId) throws SQLException {
        Connection c = db.session();
        try {
            if (dev.fewshot.store.tables.RunLocks.tryLock(c, runId)) {
                return Optional.of(() -> {
                    try (c) {
                        dev.fewshot.store.tables.RunLocks.unlock(c, runId);
                    }
                });
            }
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        c.close();
        return Optional.empty();
    }
}

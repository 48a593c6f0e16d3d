package dev.fewshot.trainer.persistence;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Session-level PostgreSQL advisory locks, one per run, so that trainer replicas sharing the
 * queue never fit the same run at once. The lock lives as long as the returned handle's connection.
 */
@ApplicationScoped
public class RunLocks {
    @Inject
    AgroalDataSource ds;

    /** A held lock; closing it releases the lock and the connection. */
    public interface Held extends AutoCloseable {
        @Override
        void close() throws SQLException;
    }

    public Optional<Held> tryLock(String runId) throws SQLException {
        Connection c = ds.getConnection();
        try (PreparedStatement ps = c.prepareStatement("select pg_try_advisory_lock(hashtext('fewshot-run'), hashtext(?))")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getBoolean(1)) {
                    return Optional.of(() -> release(c, runId));
                }
            }
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
        c.close();
        return Optional.empty();
    }

    private static void release(Connection c, String runId) throws SQLException {
        try (c; PreparedStatement ps = c.prepareStatement("select pg_advisory_unlock(hashtext('fewshot-run'), hashtext(?))")) {
            ps.setString(1, runId);
            ps.executeQuery().close();
        }
    }
}

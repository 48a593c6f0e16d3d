package dev.fewshot.store.tables;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Session-level PostgreSQL advisory locks, one per run, so that trainer replicas sharing the queue never fit the same
 * run at once. A lock lives as long as the session (the connection) that took it, or until released.
 */
public final class RunLocks {
    private RunLocks() {
    }

    /** True when this connection now holds the run's lock. */
    public static boolean tryLock(Connection c, String runId) throws SQLException {
        return Sql.first(c, "select pg_try_advisory_lock(hashtext('fewshot-run'), hashtext(?))",
                rs -> rs.getBoolean(1), runId).orElse(false);
    }

    public static void unlock(Connection c, String runId) throws SQLException {
        Sql.list(c, "select pg_advisory_unlock(hashtext('fewshot-run'), hashtext(?))", rs -> null, runId);
    }
}

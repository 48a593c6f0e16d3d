package dev.fewshot.store.repositories;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;
import org.hibernate.SessionFactory;
import org.hibernate.StatelessSession;

/**
 * Session-level PostgreSQL advisory locks, one per run, so that trainer replicas sharing the queue never fit the same
 * run at once. Such a lock belongs to one server session: it is taken and released through a Hibernate session opened
 * on a pooled connection of its own, held for as long as the lock (a unit of work's session would hand its connection
 * back to the pool after the statement, with the lock still on it).
 */
@Singleton
public class RunLockRepository {
    /** A held lock; closing it releases the lock and its connection. */
    public interface Held extends AutoCloseable {
        @Override
        void close() throws SQLException;
    }

    private static final String LOCK = "select pg_try_advisory_lock(hashtext('fewshot-run'), hashtext(?))";
    private static final String UNLOCK = "select pg_advisory_unlock(hashtext('fewshot-run'), hashtext(?))";

    private final SessionFactory sessions;
    private final DataSource dataSource;

    @Inject
    public RunLockRepository(SessionFactory sessions, DataSource dataSource) {
        this.sessions = sessions;
        this.dataSource = dataSource;
    }

    /**
     * The run's lock when no other session holds it; empty otherwise.
     *
     * @throws SQLException          the database's failure, as the callers' retry rules expect it
     * @throws IllegalStateException when called inside a unit of work: the pool would enlist the connection, and the
     *                               lock would then go with that transaction instead of with the handle
     */
    public Optional<Held> tryLock(String runId) throws SQLException {
        Connection c = dataSource.getConnection();
        StatelessSession s = null;
        try {
            if (!c.getAutoCommit()) {
                throw new IllegalStateException("the lock of run '" + runId + "' taken inside a unit of work");
            }
            s = sessions.openStatelessSession(c);
            NativeSql sql = new NativeSql(s);
            if (NativeSql.sqlErrors(() -> sql.first(LOCK, r -> (Boolean) r[0], runId).orElse(false))) {
                StatelessSession held = s;
                return Optional.of(() -> {
                    try (c; held) {
                        NativeSql.sqlErrors(() -> sql.list(UNLOCK, r -> r[0], runId));
                    }
                });
            }
        } catch (SQLException | RuntimeException e) {
            close(s);
            c.close();
            throw e;
        }
        close(s);
        c.close();
        return Optional.empty();
    }

    private static void close(StatelessSession s) {
        if (s != null) {
            s.close();
        }
    }
}

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

    private final SessionFactory sessions;
    private final DataSource dataSource;

    @Inject
    public RunLockRepository(SessionFactory sessions, DataSource dataSource) {
        this.sessions = sessions;
        this.dataSource = dataSource;
    }

    /** The run's lock when no other session holds it; empty otherwise. */
    public Optional<Held> tryLock(String runId) throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            StatelessSession s = sessions.openStatelessSession(c);
            NativeSql sql = new NativeSql(s);
            boolean locked = sql.first("select pg_try_advisory_lock(hashtext('fewshot-run'), hashtext(?))",
                    r -> (Boolean) r[0], runId).orElse(false);
            if (locked) {
                return Optional.of(() -> {
                    try (c; s) {
                        sql.list("select pg_advisory_unlock(hashtext('fewshot-run'), hashtext(?))", r -> r[0], runId);
                    }
                });
            }
            s.close();
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        c.close();
        return Optional.empty();
    }
}

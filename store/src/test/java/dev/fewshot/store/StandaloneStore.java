package dev.fewshot.store;

import java.util.function.Function;
import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.cfg.Configuration;

/**
 * The store's repositories outside Quarkus, for tests: a plain Hibernate session factory on a JDBC URL (no entities,
 * the repositories run native queries), each unit of work one transaction, as service-common's Db runs them.
 */
public final class StandaloneStore implements AutoCloseable {
    private final SessionFactory sessions;

    private StandaloneStore(SessionFactory sessions) {
        this.sessions = sessions;
    }

    public static StandaloneStore on(String jdbcUrl, String user, String password) {
        return new StandaloneStore(new Configuration()
                .setProperty("hibernate.connection.url", jdbcUrl)
                .setProperty("hibernate.connection.username", user)
                .setProperty("hibernate.connection.password", password)
                .setProperty("hibernate.connection.pool_size", "2")
                .buildSessionFactory());
    }

    /** Runs {@code work} in one transaction on a new session, committed when it returns. */
    public <T> T inTransaction(Function<Session, T> work) {
        return sessions.fromTransaction(work);
    }

    /** The session factory, for what needs its own session (the run lock). */
    public SessionFactory sessionFactory() {
        return sessions;
    }

    @Override
    public void close() {
        sessions.close();
    }
}

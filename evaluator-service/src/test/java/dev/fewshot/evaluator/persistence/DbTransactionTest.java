package dev.fewshot.evaluator.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fewshot.contracts.RunStatus;
import dev.fewshot.evaluator.EvaluatorStackResource;
import dev.fewshot.service.persistence.Db;
import dev.fewshot.store.repositories.RunRepository;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.hibernate.Session;
import org.junit.jupiter.api.Test;

/**
 * service-common's Db in the evaluator: a unit of work commits as a whole or not at all (one JTA transaction, the
 * repositories on its Hibernate session), and a failure comes back as the SQLException the database raised, so the one retry policy
 * still tells transient from permanent through the transaction manager's wrappers.
 */
@QuarkusTest
@WithTestResource(EvaluatorStackResource.class)
class DbTransactionTest {
    @Inject
    Db db;

    @Inject
    RunRepository runs;

    @Inject
    Session session;

    @Test
    void aFailingUnitLeavesNothingBehindAndKeepsItsSqlState() throws SQLException {
        AtomicInteger tries = new AtomicInteger();
        SQLException e = assertThrows(SQLException.class, () -> db.inTransaction("test unit", () -> {
            tries.incrementAndGet();
            runs.insertIfAbsent("db-unit-1", "d", "{}", RunStatus.ACCEPTED, null);
            // the same run id again, without "on conflict": a unique violation, 23505
            session.createNativeMutationQuery("insert into runs (run_id, dataset_id, request, status)"
                    + " values ('db-unit-1', 'd', '{}', 'accepted')").executeUpdate();
            return null;
        }));
        assertEquals("23505", e.getSQLState(), e.toString());
        assertEquals(1, tries.get(), "a constraint violation is not retried");
        assertEquals(false, db.transaction(() -> runs.find("db-unit-1")).isPresent(),
                "the unit's first insert was rolled back with it");
    }

    @Test
    void aUnitCommitsAsAWhole() throws SQLException {
        db.inTransaction("test unit", () -> {
            runs.insertIfAbsent("db-unit-2", "d", "{}", RunStatus.ACCEPTED, null);
            runs.setTotalSteps("db-unit-2", 7);
            return null;
        });
        assertEquals(7, db.transaction(() -> runs.find("db-unit-2")).orElseThrow().totalSteps());
    }

    @Test
    void aUnitCannotStartAnotherUnit() throws SQLException {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> db.transaction(() -> {
            runs.insertIfAbsent("db-unit-4", "d", "{}", RunStatus.ACCEPTED, null);
            return db.transaction(() -> runs.insertIfAbsent("db-unit-5", "d", "{}",
                    RunStatus.ACCEPTED, null));
        }));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("Db.transaction inside a unit of work"),
                e.getMessage());
        assertEquals(false, db.transaction(() -> runs.find("db-unit-4")).isPresent(), "the outer unit rolled back");
        assertEquals(false, db.transaction(() -> runs.find("db-unit-5")).isPresent(), "the inner unit never ran");
    }

    @Test
    void aUnitCannotStartARetriedUnit() throws SQLException {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> db.transaction(() -> {
            runs.insertIfAbsent("db-unit-3", "d", "{}", RunStatus.ACCEPTED, null);
            return db.inTransaction("nested", () -> runs.find("db-unit-3"));
        }));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("Db.transaction inside a unit of work"),
                e.getMessage());
        assertEquals(false, db.transaction(() -> runs.find("db-unit-3")).isPresent(), "the unit rolled back");
    }
}

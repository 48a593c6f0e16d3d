package dev.fewshot.evaluator.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fewshot.contracts.RunStatus;
import dev.fewshot.evaluator.EvaluatorStackResource;
import dev.fewshot.service.persistence.Db;
import dev.fewshot.store.tables.RunsTable;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * service-common's Db in the evaluator: a unit of work commits as a whole or not at all (one JTA transaction on an
 * enlisted connection), and a failure comes back as the SQLException the database raised, so the one retry policy
 * still tells transient from permanent through the transaction manager's wrappers.
 */
@QuarkusTest
@WithTestResource(EvaluatorStackResource.class)
class DbTransactionTest {
    @Inject
    Db db;

    @Test
    void aFailingUnitLeavesNothingBehindAndKeepsItsSqlState() throws SQLException {
        AtomicInteger tries = new AtomicInteger();
        SQLException e = assertThrows(SQLException.class, () -> db.inTransaction("test unit", c -> {
            tries.incrementAndGet();
            RunsTable.insertIfAbsent(c, "db-unit-1", "d", "{}", RunStatus.ACCEPTED, null);
            // the same run id again, without "on conflict": a unique violation, 23505
            c.createStatement().executeUpdate("insert into runs (run_id, dataset_id, request, status)"
                    + " values ('db-unit-1', 'd', '{}', 'accepted')");
            return null;
        }));
        assertEquals("23505", e.getSQLState(), e.toString());
        assertEquals(1, tries.get(), "a constraint violation is not retried");
        assertEquals(false, db.read(c -> RunsTable.find(c, "db-unit-1")).isPresent(),
                "the unit's first insert was rolled back with it");
    }

    @Test
    void aUnitCommitsAsAWhole() throws SQLException {
        db.inTransaction("test unit", c -> {
            RunsTable.insertIfAbsent(c, "db-unit-2", "d", "{}", RunStatus.ACCEPTED, null);
            RunsTable.setTotalSteps(c, "db-unit-2", 7);
            return null;
        });
        assertEquals(7, db.read(c -> RunsTable.find(c, "db-unit-2")).orElseThrow().totalSteps());
    }

    @Test
    void aUnitCannotReachForAnotherConnection() throws SQLException {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> db.transaction(c -> {
            RunsTable.insertIfAbsent(c, "db-unit-3", "d", "{}", RunStatus.ACCEPTED, null);
            return db.call(other -> RunsTable.find(other, "db-unit-3"));
        }));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("Db.call inside a unit of work"),
                e.getMessage());
        assertEquals(false, db.read(c -> RunsTable.find(c, "db-unit-3")).isPresent(), "the unit rolled back");
    }

    @Test
    void aUnitCannotStartAnotherUnit() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> db.transaction(c -> {
            RunsTable.insertIfAbsent(c, "db-unit-4", "d", "{}", RunStatus.ACCEPTED, null);
            return db.transaction(inner -> RunsTable.insertIfAbsent(inner, "db-unit-5", "d", "{}",
                    RunStatus.ACCEPTED, null));
        }));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("Db.transaction inside a unit of work"),
                e.getMessage());
    }
}

package dev.fewshot.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fewshot.stack.LocalPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The migrations apply on a real PostgreSQL, keys stop duplicates, and the summary view aggregates. */
class SchemaTest {
    static LocalPostgres pg;

    @BeforeAll
    static void migrate() {
        pg = MigratedPostgres.start();
    }

    @AfterAll
    static void stop() {
        pg.close();
    }

    @Test
    void summaryViewGivesMeanAndSampleStd() throws SQLException {
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            s.execute("insert into runs(run_id, dataset_id, request, status) values ('r1', 'd', '{}', 'accepted')");
            for (int seed = 0; seed < 3; seed++) {
                s.execute("insert into metrics values ('r1', 'prototype', 4, " + seed + ", 'msp', " + (0.5 + 0.1 * seed)
                        + ", 0.7, 0.9, 0.6, 0.5, 0.05, 0.6, 0.4, null, 40, 0, 3, 100)");
            }
            ResultSet rs = s.executeQuery("select seeds, accuracy_mean, accuracy_std from results_summary where run_id = 'r1'");
            rs.next();
            assertEquals(3, rs.getInt(1));
            assertEquals(0.6, rs.getDouble(2), 1e-12);
            assertEquals(0.1, rs.getDouble(3), 1e-12);
            assertThrows(SQLException.class, () -> s.execute(
                    "insert into metrics values ('r1', 'prototype', 4, 0, 'msp', 0.5, 0.7, 0.9, 0.6, 0.5, 0.05, 0.6, 0.4, null, 40, 0, 3, 100)"));
            s.execute("insert into metrics values ('r1', 'prototype', 4, 0, 'msp', 0.5, 0.7, 0.9, 0.6, 0.5, 0.05, 0.6, 0.4,"
                    + " null, 40, 0, 3, 100) on conflict do nothing");
            rs = s.executeQuery("select count(*) from metrics");
            rs.next();
            assertEquals(3, rs.getInt(1));
        }
    }

    /** results_summary follows the result schema: mean and std of every metric of ResultColumn, in its order. */
    @Test
    void summaryViewCoversEveryMetricOfTheSchema() throws SQLException {
        java.util.List<String> expected = new java.util.ArrayList<>(java.util.List.of("run_id", "head", "k", "ood_score",
                "seeds"));
        for (dev.fewshot.core.sweep.ResultColumn col : dev.fewshot.core.sweep.ResultColumn.ALL) {
            if (col.role() == dev.fewshot.core.sweep.ResultColumn.Role.METRIC
                    && col.type() == dev.fewshot.core.sweep.ResultColumn.Type.DOUBLE) {
                expected.add(col.id() + "_mean");
                expected.add(col.id() + "_std");
            }
        }
        java.util.List<String> actual = new java.util.ArrayList<>();
        try (Connection c = pg.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select column_name from information_schema.columns where table_name ="
                     + " 'results_summary' order by ordinal_position")) {
            while (rs.next()) {
                actual.add(rs.getString(1));
            }
        }
        assertEquals(expected, actual, "results_summary against ResultColumn: a new metric needs its _mean and _std in a"
                + " migration that makes the view again");
    }

    @Test
    void reportTablesKeyAndCascade() throws SQLException {
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            s.execute("insert into runs(run_id, dataset_id, request, status) values ('r3', 'd', '{}', 'accepted')");
            String hist = "insert into score_histograms values ('r3', 'prototype', 4, 0, 'msp', -2.5, 0.0,"
                    + " '{1,2,3}', '{3,0,1}', -1.0) on conflict do nothing";
            s.execute(hist);
            s.execute(hist);
            s.execute("insert into reliability values ('r3', 'prototype', 4, 0, '{0,5}', '{0,0.9}', '{0,0.8}')");
            ResultSet rs = s.executeQuery("select id_counts[2], cardinality(ood_counts), (select count(*)"
                    + " from score_histograms) from score_histograms where run_id = 'r3'");
            rs.next();
            assertEquals(2, rs.getInt(1));
            assertEquals(3, rs.getInt(2));
            assertEquals(1, rs.getInt(3));
            s.execute("delete from runs where run_id = 'r3'");
            rs = s.executeQuery("select (select count(*) from score_histograms) + (select count(*) from reliability)");
            rs.next();
            assertEquals(0, rs.getInt(1));
        }
    }

    @Test
    void runStatusesAreThoseOfTheContract() throws SQLException {
        try (Connection c = pg.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select pg_get_constraintdef(oid) from pg_constraint"
                     + " where conrelid = 'runs'::regclass and contype = 'c' and pg_get_constraintdef(oid) like '%status%'")) {
            assertTrue(rs.next(), "runs has a check constraint on status");
            java.util.List<String> allowed = new java.util.ArrayList<>();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("'([a-z_]+)'").matcher(rs.getString(1));
            while (m.find()) {
                allowed.add(m.group(1));
            }
            assertEquals(java.util.Arrays.stream(dev.fewshot.contracts.RunStatus.values())
                    .map(dev.fewshot.contracts.RunStatus::id).toList(), allowed);
        }
    }

    @Test
    void splitsAreThoseOfTheContract() throws SQLException {
        for (String table : java.util.List.of("embed_requests", "dataset_splits")) {
            try (Connection c = pg.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select pg_get_constraintdef(oid) from pg_constraint where conrelid = '"
                         + table + "'::regclass and contype = 'c' and pg_get_constraintdef(oid) like '%split%'")) {
                assertTrue(rs.next(), table + " has a check constraint on split");
                java.util.List<String> allowed = new java.util.ArrayList<>();
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("'([a-z_]+)'").matcher(rs.getString(1));
                while (m.find()) {
                    allowed.add(m.group(1));
                }
                assertEquals(java.util.Arrays.stream(dev.fewshot.contracts.Split.values())
                        .map(dev.fewshot.contracts.Split::id).toList(), allowed, table);
            }
        }
    }
}

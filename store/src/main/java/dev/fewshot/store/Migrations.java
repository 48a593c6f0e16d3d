package dev.fewshot.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The schema's migrations in order. The services apply them with Flyway; tests and tools without Flyway apply them
 * here. MigrationsTest keeps this list equal to the files in db/migration.
 */
public final class Migrations {
    /** Every migration, oldest first. */
    public static final List<String> ALL = List.of("V1__schema.sql", "V2__embed_requests.sql", "V3__report.sql",
            "V4__solver_outcome.sql", "V5__intervals.sql", "V6__conformal.sql", "V7__conformal_scores.sql",
            "V8__paired_and_beta.sql", "V9__negatives_split.sql", "V10__provenance.sql",
            "V11__done_steps.sql", "V12__summary_from_schema.sql");

    private Migrations() {
    }

    /** Runs every migration on an empty database. */
    public static void applyAll(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String name : ALL) {
                s.execute(read(name));
            }
        }
    }

    static String read(String name) {
        try (InputStream in = Migrations.class.getResourceAsStream("/db/migration/" + name)) {
            if (in == null) {
                throw new IllegalStateException("migration " + name + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

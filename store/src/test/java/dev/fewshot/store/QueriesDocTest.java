package dev.fewshot.store;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fewshot.stack.LocalPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every SQL example of docs/queries.md runs on the schema the migrations build (psql's \copy: its query). */
class QueriesDocTest {
    static LocalPostgres pg;

    @BeforeAll
    static void migrate() throws SQLException {
        pg = LocalPostgres.start(null);
        try (Connection c = pg.connect()) {
            Migrations.applyAll(c);
        }
    }

    @AfterAll
    static void stop() {
        pg.close();
    }

    @Test
    void everyExampleRuns() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "queries.md"));
        List<String> statements = new ArrayList<>();
        int at = 0;
        while ((at = doc.indexOf("```sql\n", at)) >= 0) {
            int end = doc.indexOf("```", at + 7);
            String block = doc.substring(at + 7, end).strip();
            if (block.startsWith("\\copy (")) {
                block = block.substring("\\copy (".length(), block.lastIndexOf(") to "));
            }
            for (String st : block.split(";")) {
                String sql = st.lines().filter(l -> !l.strip().startsWith("--")).reduce("", (a, b) -> a + "\n" + b)
                        .strip();
                if (!sql.isEmpty()) {
                    statements.add(sql);
                }
            }
            at = end + 3;
        }
        assertTrue(statements.size() >= 10, statements.size() + " SQL examples found");
        try (Connection c = pg.connect(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                try {
                    s.execute(sql);
                } catch (SQLException e) {
                    throw new AssertionError("docs/queries.md example fails: " + e.getMessage() + "\n" + sql, e);
                }
            }
        }
    }
}

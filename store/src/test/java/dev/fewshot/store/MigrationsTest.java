package dev.fewshot.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Migrations.ALL lists every migration file, in version order. */
class MigrationsTest {
    @Test
    void listsEveryMigrationInOrder() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
            assertEquals(files.map(p -> p.getFileName().toString())
                    .sorted((a, b) -> Integer.compare(version(a), version(b))).toList(), Migrations.ALL);
        }
    }

    private static int version(String name) {
        return Integer.parseInt(name.substring(1, name.indexOf("__")));
    }
}

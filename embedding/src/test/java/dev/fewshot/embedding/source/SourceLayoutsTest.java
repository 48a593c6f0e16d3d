package dev.fewshot.embedding.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceLayoutsTest {
    @Test
    void buildsEachLayoutFromItsParameters() {
        assertEquals(new ClassFolders("train"), SourceLayouts.of("class-folders", Map.of("root", "train")));
        assertEquals(new CsvLayout("val", "LOC_val_solution.csv"),
                SourceLayouts.of("csv", Map.of("root", "val", "csv", "LOC_val_solution.csv")));
        assertEquals(new ListLayout("l.txt", null), SourceLayouts.of("list", Map.of("list", "l.txt")));
        assertEquals(new ListLayout("l.txt", "img"), SourceLayouts.of("list", Map.of("list", "l.txt", "root", "img")));
    }

    @Test
    void unknownLayoutsMissingAndUnknownParametersAreRefused() {
        assertEquals("unknown layout 'x' (known: class-folders, csv, list)",
                assertThrows(SourceException.class, () -> SourceLayouts.of("x", Map.of())).getMessage());
        assertEquals("layout 'csv' needs parameter 'csv'",
                assertThrows(SourceException.class, () -> SourceLayouts.of("csv", Map.of("root", "v"))).getMessage());
        assertEquals("layout 'class-folders' needs parameter 'root'",
                assertThrows(SourceException.class,
                        () -> SourceLayouts.of("class-folders", Map.of("root", " "))).getMessage());
        assertEquals("layout 'list' does not take parameter 'rot' (takes: list, root)",
                assertThrows(SourceException.class,
                        () -> SourceLayouts.of("list", Map.of("list", "l", "rot", "x"))).getMessage());
    }
}

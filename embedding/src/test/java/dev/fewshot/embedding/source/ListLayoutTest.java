package dev.fewshot.embedding.source;

import static dev.fewshot.embedding.source.Trees.classes;
import static dev.fewshot.embedding.source.Trees.dir;
import static dev.fewshot.embedding.source.Trees.file;
import static dev.fewshot.embedding.source.Trees.reasonOf;
import static dev.fewshot.embedding.source.Trees.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fewshot.embedding.classes.ClassList;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListLayoutTest {
    @TempDir
    Path tmp;
    Path data;
    DataRoots roots;
    final ClassList classes = classes("n01440764", "n01443537", "n01484850");

    @BeforeEach
    void setUp() {
        data = dir(tmp.resolve("data"));
        roots = DataRoots.of(data);
    }

    @Test
    void integerAndWnidLabelsCommentsBlankLinesAndTabsForSpaces() throws IOException {
        Path ds = data.resolve("mini");
        file(ds.resolve("img/a.jpg"));
        file(ds.resolve("img/b.png"));
        file(ds.resolve("img/my photo.jpeg"));
        file(ds.resolve("img/d.jpg"));
        write(ds.resolve("train.txt"), "\uFEFF# mini split\n"
                + "img/b.png 2\n"
                + "\n"
                + "   # indented comment\n"
                + "img/a.jpg\tn01443537\n"
                + "img/my photo.jpeg\t0\n"
                + "  img/d.jpg    n01484850  \n");
        SourceListing l = SourceLayouts.of("list", Map.of("list", "mini/train.txt")).list(roots, classes, true);
        assertEquals(List.of("img/a.jpg", "img/b.png", "img/d.jpg", "img/my photo.jpeg"), l.itemIds());
        assertEquals(List.of(1, 2, 2, 0), l.items().stream().map(ImageItem::label).toList());
        assertEquals(ds.resolve("img/my photo.jpeg").toRealPath(), l.items().get(3).path());
        assertEquals(List.of(), l.failed());
    }

    @Test
    void anExplicitRootOverridesTheListFolder() {
        file(data.resolve("images/x/a.jpg"));
        write(data.resolve("lists/val.txt"), "x/a.jpg 1\n");
        SourceListing l = SourceLayouts.of("list", Map.of("list", "lists/val.txt", "root", "images"))
                .list(roots, classes, true);
        assertEquals(List.of("x/a.jpg"), l.itemIds());
        assertEquals(1, l.items().get(0).label());
    }

    @Test
    void badLinesAreFailedItemsNamingTheirLine() {
        file(data.resolve("a.jpg"));
        file(data.resolve("b.jpg"));
        file(data.resolve("c d.jpg"));
        write(data.resolve("l.txt"), """
                a.jpg 3
                b.jpg n99
                c d.jpg 1
                b.jpg
                a.jpg -1
                """);
        SourceListing l = SourceLayouts.of("list", Map.of("list", "l.txt")).list(roots, classes, true);
        assertEquals(List.of(), l.itemIds());
        assertEquals(List.of("a.jpg", "b.jpg", "line 3", "b.jpg", "a.jpg"), Trees.failedIds(l));
        assertEquals("line 1: label index 3 outside [0, 3)", l.failed().get(0).reason());
        assertEquals("line 2: label 'n99' is not in the class list", l.failed().get(1).reason());
        assertTrue(l.failed().get(2).reason().startsWith("line 3: expected 'path label', got 3 fields"));
        assertEquals("line 4: duplicate of the entry at line 2", l.failed().get(3).reason());
        assertEquals("line 5: duplicate of the entry at line 1", reasonOf(
                new SourceListing(List.of(), l.failed().subList(4, 5)), "a.jpg"));
    }

    @Test
    void unlabelledListsMayOmitLabelsAndGetMinusOne() {
        file(data.resolve("o/a.jpg"));
        file(data.resolve("o/b.jpg"));
        write(data.resolve("o/ood.txt"), "b.jpg\na.jpg n01440764\n");
        SourceListing l = SourceLayouts.of("list", Map.of("list", "o/ood.txt")).list(roots, classes, false);
        assertEquals(List.of("a.jpg", "b.jpg"), l.itemIds());
        assertTrue(l.items().stream().allMatch(i -> i.label() == -1));
    }

    @Test
    void aMissingListFailsTheRequestNamingIt() {
        SourceException e = assertThrows(SourceException.class,
                () -> SourceLayouts.of("list", Map.of("list", "lists/missing.txt")).list(roots, classes, true));
        assertEquals("lists/missing.txt", e.path());
        assertTrue(e.getMessage().contains("lists/missing.txt"));
    }
}

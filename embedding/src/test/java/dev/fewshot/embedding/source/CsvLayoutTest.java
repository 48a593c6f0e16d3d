package dev.fewshot.embedding.source;

import static dev.fewshot.embedding.source.Trees.classes;
import static dev.fewshot.embedding.source.Trees.dir;
import static dev.fewshot.embedding.source.Trees.file;
import static dev.fewshot.embedding.source.Trees.link;
import static dev.fewshot.embedding.source.Trees.reasonOf;
import static dev.fewshot.embedding.source.Trees.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fewshot.embedding.classes.ClassList;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvLayoutTest {
    @TempDir
    Path tmp;
    Path data;
    Path outside;
    DataRoots roots;
    final ClassList classes = classes("n01751748", "n09193705", "n02105855");

    @BeforeEach
    void setUp() {
        data = dir(tmp.resolve("data"));
        outside = dir(tmp.resolve("outside"));
        roots = DataRoots.of(data);
    }

    private SourceListing list(String csv, boolean labelled) {
        return SourceLayouts.of("csv", Map.of("root", "val", "csv", csv)).list(roots, classes, labelled);
    }

    @Test
    void fileLabelColumnsByNameWithQuotedFieldsAndIndexLabels() {
        file(data.resolve("val/a.jpg"));
        file(data.resolve("val/sub/b, with comma.png"));
        file(data.resolve("val/c.JPEG"));
        write(data.resolve("val.csv"), "label,extra,file\n"
                + "n09193705,x,a.jpg\n"
                + "2,\"quoted \"\"y\"\"\",\"sub/b, with comma.png\"\n"
                + "n01751748,,./c.JPEG\n");
        SourceListing l = list("val.csv", true);
        assertEquals(List.of("a.jpg", "c.JPEG", "sub/b, with comma.png"), l.itemIds());
        assertEquals(List.of(1, 0, 2), l.items().stream().map(ImageItem::label).toList());
        assertEquals(List.of(), l.failed());
    }

    @Test
    void imageNetLocValSolutionIsParsed() {
        file(data.resolve("val/ILSVRC2012_val_00000001.JPEG"));
        file(data.resolve("val/ILSVRC2012_val_00000002.JPEG"));
        file(data.resolve("val/ILSVRC2012_val_00000003.JPEG"));
        write(data.resolve("LOC_val_solution.csv"), "ImageId,PredictionString\r\n"
                + "ILSVRC2012_val_00000003,n02105855 111 222 333 444 n02105855 1 2 3 4 \r\n"
                + "ILSVRC2012_val_00000001,n01751748 65 115 470 375 n01751748 1 2 3 4 \r\n"
                + "ILSVRC2012_val_00000002.JPEG,n09193705 0 0 10 10 \r\n");
        SourceListing l = list("LOC_val_solution.csv", true);
        assertEquals(List.of("ILSVRC2012_val_00000001.JPEG", "ILSVRC2012_val_00000002.JPEG",
                "ILSVRC2012_val_00000003.JPEG"), l.itemIds());
        assertEquals(List.of(0, 1, 2), l.items().stream().map(ImageItem::label).toList());
        assertEquals(List.of(), l.failed());
    }

    @Test
    void malformedRowsAreFailedItemsNamingTheirLine() {
        file(data.resolve("val/a.jpg"));
        file(data.resolve("val/b.jpg"));
        write(data.resolve("val.csv"), "file,label\r\n"   // line 1
                + "a.jpg,n01751748\r\n"                      // 2
                + "\r\n"                                     // 3 (blank, skipped)
                + "only-one-field\r\n"                       // 4
                + "b.jpg,n01751748,surplus\r\n"              // 5
                + "\"b.jpg\",\"n0919\n3705\"\r\n"            // 6-7: quoted line break, unknown label
                + "b.jpg,\r\n");                             // 8: empty label
        SourceListing l = list("val.csv", true);
        assertEquals(List.of("a.jpg"), l.itemIds());
        assertEquals(List.of("line 4", "line 5", "b.jpg", "b.jpg"), Trees.failedIds(l));
        assertEquals("line 4: expected 2 fields, got 1", l.failed().get(0).reason());
        assertEquals("line 5: expected 2 fields, got 3", l.failed().get(1).reason());
        assertEquals("line 6: label 'n0919\n3705' is not in the class list", l.failed().get(2).reason());
        assertTrue(l.failed().get(3).reason().startsWith("line 8: duplicate"), l.failed().get(3).reason());
    }

    @Test
    void badEntriesAreFailedItems() {
        file(data.resolve("val/a.jpg"));
        file(data.resolve("val/notes.txt"));
        file(outside.resolve("secret.jpg"));
        link(data.resolve("val/evil.jpg"), outside.resolve("secret.jpg"));
        write(data.resolve("val.csv"), """
                file,label
                a.jpg,n01751748
                missing.jpg,n01751748
                ../outside/secret.jpg,n01751748
                %s,n01751748
                evil.jpg,n01751748
                notes.txt,n01751748
                a.jpg,n09193705
                a.jpg,n99999999
                """.formatted(outside.resolve("secret.jpg")));
        SourceListing l = list("val.csv", true);
        assertEquals(List.of("a.jpg"), l.itemIds());
        assertEquals(0, l.items().get(0).label());
        assertEquals("line 3: file missing", reasonOf(l, "missing.jpg"));
        assertEquals("line 4: path contains a '..' segment", reasonOf(l, "../outside/secret.jpg"));
        assertTrue(reasonOf(l, outside.resolve("secret.jpg").toString()).startsWith("line 5: absolute path"));
        assertEquals("line 6: symlink leads outside the data roots", reasonOf(l, "evil.jpg"));
        assertTrue(reasonOf(l, "notes.txt").startsWith("line 7: not an image file extension"));
        assertEquals(List.of("line 8: duplicate of the entry at line 2", "line 9: duplicate of the entry at line 2"),
                l.failed().stream().filter(f -> f.itemId().equals("a.jpg")).map(FailedItem::reason).toList());
    }

    @Test
    void unknownLabelsFailWhenLabelledAndAreMinusOneWhenNot() {
        file(data.resolve("val/a.jpg"));
        file(data.resolve("val/b.jpg"));
        write(data.resolve("val.csv"), "file,label\na.jpg,n01751748\nb.jpg,n77777777\n");
        SourceListing labelled = list("val.csv", true);
        assertEquals(List.of("a.jpg"), labelled.itemIds());
        assertEquals("line 3: label 'n77777777' is not in the class list", reasonOf(labelled, "b.jpg"));
        SourceListing ood = list("val.csv", false);
        assertEquals(List.of("a.jpg", "b.jpg"), ood.itemIds());
        assertTrue(ood.items().stream().allMatch(i -> i.label() == -1));

        // An unlabelled split may have no label column at all.
        write(data.resolve("files.csv"), "file\nb.jpg\na.jpg\n");
        assertEquals(List.of("a.jpg", "b.jpg"), list("files.csv", false).itemIds());
        assertThrows(SourceException.class, () -> list("files.csv", true));
    }

    @Test
    void theCsvMustExistAndLieInsideTheRoots() {
        dir(data.resolve("val"));
        SourceException missing = assertThrows(SourceException.class, () -> list("nope.csv", true));
        assertEquals("nope.csv", missing.path());
        assertTrue(missing.getMessage().contains("nope.csv"), missing.getMessage());

        write(outside.resolve("x.csv"), "file,label\n");
        String abs = outside.resolve("x.csv").toString();
        assertTrue(assertThrows(SourceException.class, () -> list(abs, true)).getMessage().contains(abs));
        link(data.resolve("x.csv"), outside.resolve("x.csv"));
        assertEquals("symlink leads outside the data roots",
                assertThrows(SourceException.class, () -> list("x.csv", true)).reason());
    }

    @Test
    void unusableFilesFailTheRequest() {
        dir(data.resolve("val"));
        write(data.resolve("empty.csv"), "");
        write(data.resolve("header.csv"), "path,class\na.jpg,n01751748\n");
        write(data.resolve("quote.csv"), "file,label\n\"a.jpg,n01751748\nb.jpg,n01751748\n");
        assertTrue(assertThrows(SourceException.class, () -> list("empty.csv", true)).getMessage().contains("empty"));
        assertTrue(assertThrows(SourceException.class, () -> list("header.csv", true)).getMessage()
                .contains("file,label or ImageId,PredictionString"));
        assertTrue(assertThrows(SourceException.class, () -> list("quote.csv", true)).getMessage()
                .contains("malformed CSV"));
    }
}

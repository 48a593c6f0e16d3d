package dev.fewshot.embedding.source;

import static dev.fewshot.embedding.source.Trees.classes;
import static dev.fewshot.embedding.source.Trees.dir;
import static dev.fewshot.embedding.source.Trees.file;
import static dev.fewshot.embedding.source.Trees.link;
import static dev.fewshot.embedding.source.Trees.reasonOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fewshot.embedding.classes.ClassList;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassFoldersLayoutTest {
    @TempDir
    Path tmp;
    Path data;
    Path outside;
    DataRoots roots;
    final ClassList classes = classes("n01", "n02", "n03");

    @BeforeEach
    void setUp() {
        data = dir(tmp.resolve("data"));
        outside = dir(tmp.resolve("outside"));
        file(outside.resolve("secret.jpg"));
        file(outside.resolve("folder/s1.jpg"));
        roots = DataRoots.of(data);
    }

    private SourceListing list(String root, boolean labelled) {
        return SourceLayouts.of("class-folders", Map.of("root", root)).list(roots, classes, labelled);
    }

    @Test
    void listsImagesOfEachClassFolderWithLabelsAndCaseInsensitiveExtensions() throws IOException {
        Path train = data.resolve("train");
        file(train.resolve("n01/a.JPEG"));
        file(train.resolve("n01/b.jpg"));
        file(train.resolve("n02/c.png"));
        file(train.resolve("n02/d.WebP"));
        file(train.resolve("n02/e.TIFF"));
        file(train.resolve("n02/readme.txt"));       // not an image: ignored
        file(train.resolve("n02/.hidden.jpg"));      // hidden: ignored
        file(train.resolve("n02/noext"));            // ignored
        file(train.resolve("n02/deeper/f.jpg"));     // one level only
        file(train.resolve(".git/g.jpg"));           // hidden folder: ignored
        file(train.resolve("top.jpg"));              // not in a class folder: ignored
        dir(train.resolve("n03"));                   // empty class

        SourceListing l = list("train", true);
        assertEquals(List.of("n01/a.JPEG", "n01/b.jpg", "n02/c.png", "n02/d.WebP", "n02/e.TIFF"), l.itemIds());
        assertEquals(List.of(0, 0, 1, 1, 1), l.items().stream().map(ImageItem::label).toList());
        assertEquals(train.resolve("n01/a.JPEG").toRealPath(), l.items().get(0).path());
        assertEquals(List.of(), l.failed());
    }

    @Test
    void unknownClassFoldersFailWhenLabelledAndAreOodWhenNot() {
        Path root = data.resolve("imagenet-o");
        file(root.resolve("n01/a.jpg"));
        file(root.resolve("n99/x.jpg"));
        file(root.resolve("n99/y.jpg"));

        SourceListing labelled = list("imagenet-o", true);
        assertEquals(List.of("n01/a.jpg"), labelled.itemIds());
        assertEquals(List.of("n99/x.jpg", "n99/y.jpg"), Trees.failedIds(labelled));
        assertEquals("class folder 'n99' is not in the class list", reasonOf(labelled, "n99/x.jpg"));

        SourceListing ood = list("imagenet-o", false);
        assertEquals(List.of("n01/a.jpg", "n99/x.jpg", "n99/y.jpg"), ood.itemIds());
        assertTrue(ood.items().stream().allMatch(i -> i.label() == -1), ood.items().toString());
        assertEquals(List.of(), ood.failed());
    }

    @Test
    void aSymlinkedClassFolderLeadingOutFailsTheRequest() {
        file(data.resolve("train/n01/a.jpg"));
        link(data.resolve("train/n02"), outside.resolve("folder"));
        SourceException e = assertThrows(SourceException.class, () -> list("train", true));
        assertTrue(e.getMessage().contains("train/n02") && e.getMessage().contains("symlink leads outside"),
                e.getMessage());
    }

    @Test
    void aSymlinkedFileLeadingOutIsAFailedItemAndTheRestIsListed() {
        file(data.resolve("train/n01/a.jpg"));
        link(data.resolve("train/n01/evil.jpg"), outside.resolve("secret.jpg"));
        link(data.resolve("train/n01/gone.jpg"), data.resolve("train/nothing.jpg"));
        SourceListing l = list("train", true);
        assertEquals(List.of("n01/a.jpg"), l.itemIds());
        assertEquals("symlink leads outside the data roots", reasonOf(l, "n01/evil.jpg"));
        assertTrue(reasonOf(l, "n01/gone.jpg").startsWith("does not exist"));
    }

    @Test
    void symlinksLeadingInsideTheRootsAreAccepted() throws IOException {
        Path shared = data.resolve("shared");
        file(shared.resolve("pool/p.jpg"));
        file(shared.resolve("one.png"));
        file(data.resolve("train/n01/a.jpg"));
        link(data.resolve("train/n02"), shared.resolve("pool"));
        link(data.resolve("train/n01/b.png"), shared.resolve("one.png"));
        SourceListing l = list("train", true);
        assertEquals(List.of("n01/a.jpg", "n01/b.png", "n02/p.jpg"), l.itemIds());
        assertEquals(shared.resolve("one.png").toRealPath(), l.items().get(1).path());
        assertEquals(1, l.items().get(2).label());
    }

    @Test
    void theRootParameterIsCheckedLikeAnyRequestPath() {
        file(outside.resolve("folder/n01/a.jpg"));
        assertThrows(SourceException.class, () -> list("../outside/folder", true));
        assertThrows(SourceException.class, () -> list(outside.resolve("folder").toString(), true));
        link(data.resolve("escape"), outside.resolve("folder"));
        assertThrows(SourceException.class, () -> list("escape", true));
        SourceException missing = assertThrows(SourceException.class, () -> list("nope", true));
        assertEquals("nope", missing.path());
    }

    @Test
    void orderIsSortedByItemIdWhateverTheCreationOrder() {
        List<String> names = new ArrayList<>();
        for (String c : List.of("n01", "n02", "n03")) {
            for (String f : List.of("B.jpg", "a.jpg", "a10.jpg", "a2.jpg", "Z.png", "_x.jpeg")) {
                names.add(c + "/" + f);
            }
        }
        List<String> shuffled = new ArrayList<>(names);
        Collections.shuffle(shuffled, new Random(7));
        shuffled.forEach(n -> file(data.resolve("train").resolve(n)));
        List<String> sorted = new ArrayList<>(names);
        Collections.sort(sorted);
        SourceListing first = list("train", true);
        assertEquals(sorted, first.itemIds());
        assertEquals(first, list("train", true));
    }
}

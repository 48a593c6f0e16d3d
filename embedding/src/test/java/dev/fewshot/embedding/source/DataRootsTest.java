package dev.fewshot.embedding.source;

import static dev.fewshot.embedding.source.Trees.dir;
import static dev.fewshot.embedding.source.Trees.file;
import static dev.fewshot.embedding.source.Trees.link;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataRootsTest {
    @TempDir
    Path tmp;
    Path data;
    Path other;
    Path outside;
    DataRoots roots;

    @BeforeEach
    void setUp() throws IOException {
        data = dir(tmp.resolve("data"));
        other = dir(tmp.resolve("other"));
        outside = dir(tmp.resolve("outside"));
        file(data.resolve("imagenet/train/n01/a.JPEG"));
        file(other.resolve("x/b.png"));
        file(outside.resolve("secret/c.jpg"));
        roots = new DataRoots(List.of(data, other));
    }

    @Test
    void relativePathsResolveAgainstTheFirstRoot() throws IOException {
        assertEquals(data.resolve("imagenet/train").toRealPath(), roots.resolve("imagenet/train"));
        assertEquals(data.resolve("imagenet/train/n01/a.JPEG").toRealPath(),
                roots.resolve("./imagenet//train/n01/a.JPEG"));
    }

    @Test
    void relativePathsResolveAgainstAGivenBase() throws IOException {
        assertEquals(other.resolve("x/b.png").toRealPath(), roots.resolve("x/b.png", other));
        SourceException e = assertThrows(SourceException.class, () -> roots.resolve("secret", outside));
        assertTrue(e.getMessage().contains("outside the data roots"), e.getMessage());
    }

    @Test
    void absolutePathsInsideAnyRootAreAccepted() throws IOException {
        assertEquals(other.resolve("x").toRealPath(), roots.resolve(other.resolve("x").toString()));
        assertEquals(data.toRealPath(), roots.resolve(data.toString()));
    }

    @Test
    void dotDotSegmentsAreRejectedEvenWhenTheyWouldStayInside() {
        for (String p : List.of("../outside", "imagenet/../imagenet/train", "imagenet/train/..", "..",
                data + "/../outside", "imagenet\\..\\x")) {
            SourceException e = assertThrows(SourceException.class, () -> roots.resolve(p), p);
            assertEquals(p, e.path());
            assertTrue(e.getMessage().contains(p) && e.getMessage().contains("'..'"), e.getMessage());
        }
        // Names that merely start with dots are fine.
        file(data.resolve("..hidden/..x.jpg"));
        roots.resolve("..hidden/..x.jpg");
    }

    @Test
    void absolutePathOutsideTheRootsIsRejected() {
        String p = outside.resolve("secret").toString();
        SourceException e = assertThrows(SourceException.class, () -> roots.resolve(p));
        assertEquals(p, e.path());
        assertTrue(e.getMessage().contains(p) && e.getMessage().contains("outside the data roots"), e.getMessage());
        assertThrows(SourceException.class, () -> roots.resolve("/etc"));
    }

    @Test
    void aSiblingWhoseNameExtendsARootIsNotInside() {
        Path data2 = dir(tmp.resolve("data2"));
        assertThrows(SourceException.class, () -> roots.resolve(data2.toString()));
    }

    @Test
    void nonexistentPathsAreRejected() {
        SourceException e = assertThrows(SourceException.class, () -> roots.resolve("imagenet/nope"));
        assertEquals("imagenet/nope", e.path());
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void symlinksLeadingOutAreRejectedAtAnyLevel() {
        link(data.resolve("imagenet/escape"), outside);
        link(data.resolve("top"), outside.resolve("secret"));
        for (String p : List.of("imagenet/escape", "imagenet/escape/secret/c.jpg", "top", "top/c.jpg")) {
            SourceException e = assertThrows(SourceException.class, () -> roots.resolve(p), p);
            assertEquals("symlink leads outside the data roots", e.reason(), p);
        }
    }

    @Test
    void symlinksLeadingInsideAreAccepted() throws IOException {
        link(data.resolve("alias"), data.resolve("imagenet/train"));
        link(data.resolve("to-other"), other.resolve("x"));
        assertEquals(data.resolve("imagenet/train/n01/a.JPEG").toRealPath(), roots.resolve("alias/n01/a.JPEG"));
        assertEquals(other.resolve("x/b.png").toRealPath(), roots.resolve("to-other/b.png"));
    }

    @Test
    void checkInsideRejectsAFileSymlinkLeadingOut() {
        Path l = link(data.resolve("imagenet/train/n01/evil.jpg"), outside.resolve("secret/c.jpg"));
        SourceException e = assertThrows(SourceException.class, () -> roots.checkInside(l));
        assertEquals("symlink leads outside the data roots", e.reason());
        Path dangling = link(data.resolve("imagenet/train/n01/gone.jpg"), data.resolve("nothing.jpg"));
        assertTrue(assertThrows(SourceException.class, () -> roots.checkInside(dangling)).reason()
                .startsWith("does not exist"));
    }

    @Test
    void rootsMustBeExistingDirectories() {
        assertThrows(SourceException.class, () -> DataRoots.of(tmp.resolve("missing")));
        assertThrows(IllegalArgumentException.class, () -> new DataRoots(List.of()));
    }

    @Test
    void aRootThatIsASymlinkWorksThroughItsRealPath() throws IOException {
        Path alias = link(tmp.resolve("alias-root"), data);
        DataRoots r = DataRoots.of(alias);
        assertEquals(data.resolve("imagenet").toRealPath(), r.resolve("imagenet"));
        assertEquals(data.resolve("imagenet").toRealPath(), r.resolve(alias.resolve("imagenet").toString()));
    }
}

package dev.fewshot.embedding.source;

import dev.fewshot.embedding.classes.ClassList;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Builds small folder trees for the layout tests: images are a few fake bytes, nothing decodes them. */
final class Trees {
    private Trees() {
    }

    static Path file(Path p) {
        return write(p, "fake image bytes");
    }

    static Path write(Path p, String text) {
        try {
            Files.createDirectories(p.getParent());
            return Files.writeString(p, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path dir(Path p) {
        try {
            return Files.createDirectories(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path link(Path link, Path target) {
        try {
            Files.createDirectories(link.getParent());
            return Files.createSymbolicLink(link, target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ClassList classes(String... labels) {
        return new ClassList(List.of(labels), List.of(labels));
    }

    static List<String> failedIds(SourceListing l) {
        return l.failed().stream().map(FailedItem::itemId).toList();
    }

    static String reasonOf(SourceListing l, String itemId) {
        return l.failed().stream().filter(f -> f.itemId().equals(itemId)).map(FailedItem::reason).findFirst()
                .orElseThrow(() -> new AssertionError(itemId + " not failed; failed: " + l.failed()));
    }
}

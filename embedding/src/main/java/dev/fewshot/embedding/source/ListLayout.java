package dev.fewshot.embedding.source;

import dev.fewshot.embedding.classes.ClassList;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A text file with one image per line: {@code path<whitespace>label}, the label a class label (a wnid) or an
 * index 0..C-1. Separate with a tab to allow spaces in the path. {@code #} comment lines and blank lines are
 * skipped; in an unlabelled split the label may be left out.
 *
 * @param list the list file, inside the data roots
 * @param root the folder entries are relative to; null means the list file's folder
 */
public record ListLayout(String list, String root) implements SourceLayout {
    @Override
    public SourceListing list(DataRoots roots, ClassList classes, boolean labelled) {
        Path file = SourceLayouts.file(roots, list);
        Path dir = root == null ? roots.checkInside(file.getParent()) : SourceLayouts.directory(roots, root);
        ListingBuilder b = new ListingBuilder(roots, dir);
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (lineNo == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                String s = line.strip();
                if (s.isEmpty() || s.startsWith("#")) {
                    continue;
                }
                entry(b, s, "line " + lineNo, classes, labelled);
            }
        } catch (IOException e) {
            throw new SourceException(list, "cannot read list: " + e, e);
        }
        return b.build();
    }

    private static void entry(ListingBuilder b, String s, String where, ClassList classes, boolean labelled) {
        String[] f = s.indexOf('\t') >= 0 ? s.split("\t+") : s.split("\\s+");
        if (f.length > 2) {
            b.fail(where, where + ": expected 'path label', got " + f.length
                    + " fields (separate with a tab if the path has spaces)");
            return;
        }
        String id = b.claim(f[0], where);
        if (id == null) {
            return;
        }
        Labels.Resolved label = Labels.resolve(f.length > 1 ? f[1] : "", classes, labelled);
        if (!label.ok()) {
            b.fail(id, where + ": " + label.error());
            return;
        }
        b.addFile(id, label.index(), where);
    }
}

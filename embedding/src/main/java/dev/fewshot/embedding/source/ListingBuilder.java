package dev.fewshot.embedding.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Collects a layout's entries: turns listed paths into item ids, refuses duplicates, non-images and files
 * that escape the roots as failed items, and sorts the result so every machine lists a split the same way.
 */
final class ListingBuilder {
    static final Set<String> IMAGE_EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif", "webp", "tif", "tiff");

    private final DataRoots roots;
    private final Path layoutRoot;
    /** Every id claimed so far (accepted or not) and where it came from, to refuse later duplicates. */
    private final Map<String, String> seen = new HashMap<>();
    private final List<ImageItem> items = new ArrayList<>();
    private final List<FailedItem> failed = new ArrayList<>();

    ListingBuilder(DataRoots roots, Path layoutRoot) {
        this.roots = roots;
        this.layoutRoot = layoutRoot;
    }

    Path layoutRoot() {
        return layoutRoot;
    }

    static boolean isImageName(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 && IMAGE_EXTENSIONS.contains(fileName.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /**
     * Turns a path named in a listing file into an item id and claims it.
     *
     * @param where "line N", prefixed to failure reasons
     * @return the item id, or null if the entry was refused (and recorded as failed)
     */
    String claim(String rawPath, String where) {
        String raw = rawPath.strip();
        if (raw.isEmpty()) {
            fail(where, where + ": empty file name");
            return null;
        }
        if (DataRoots.hasDotDot(raw)) {
            fail(raw, where + ": path contains a '..' segment");
            return null;
        }
        Path p;
        try {
            p = Path.of(raw).normalize();
        } catch (InvalidPathException e) {
            fail(raw, where + ": not a valid path: " + e.getReason());
            return null;
        }
        // Item ids are relative to the layout root; an absolute path would make them machine-specific.
        if (p.isAbsolute() || raw.startsWith("/")) {
            fail(raw, where + ": absolute path; entries must be relative to the layout root");
            return null;
        }
        List<String> names = new ArrayList<>();
        p.forEach(n -> names.add(n.toString()));
        String id = String.join("/", names);
        if (id.isEmpty()) {
            fail(raw, where + ": not a file name");
            return null;
        }
        String first = seen.putIfAbsent(id, where);
        if (first != null) {
            fail(id, where + ": duplicate of the entry at " + first);
            return null;
        }
        if (!isImageName(names.get(names.size() - 1))) {
            fail(id, where + ": not an image file extension (expected one of " + sortedExtensions() + ")");
            return null;
        }
        return id;
    }

    /** Adds the file at {@code layoutRoot/itemId} if it exists, is a regular file and stays inside the roots. */
    void addFile(String itemId, int label, String where) {
        add(itemId, layoutRoot.resolve(itemId), label, where);
    }

    /** Adds {@code file} if it exists, is a regular file and its real path (symlinks followed) is inside the roots. */
    void add(String itemId, Path file, int label, String where) {
        String prefix = where == null ? "" : where + ": ";
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            fail(itemId, prefix + "file missing");
            return;
        }
        Path real;
        try {
            real = roots.checkInside(file);
        } catch (SourceException e) {
            fail(itemId, prefix + e.reason());
            return;
        }
        if (!Files.isRegularFile(real)) {
            fail(itemId, prefix + "not a regular file");
            return;
        }
        items.add(new ImageItem(itemId, real, label));
    }

    /**
     * Adds a file found by listing a folder that is itself a checked real path: a plain file there is inside
     * the roots without resolving it again (one lstat instead of a realpath per file, which counts on a
     * 1.3M-image train split); only a symlink needs the full check.
     */
    void addInRealFolder(String itemId, Path file, int label) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            fail(itemId, "file missing");
            return;
        }
        if (a.isSymbolicLink()) {
            add(itemId, file, label, null);
        } else if (a.isRegularFile()) {
            items.add(new ImageItem(itemId, file, label));
        } else {
            fail(itemId, "not a regular file");
        }
    }

    void fail(String itemId, String reason) {
        failed.add(new FailedItem(itemId, reason));
    }

    /** Items sorted by id (String.compareTo); failures stay in the order met, which is itself deterministic. */
    SourceListing build() {
        items.sort(Comparator.comparing(ImageItem::itemId));
        return new SourceListing(items, failed);
    }

    private static List<String> sortedExtensions() {
        return IMAGE_EXTENSIONS.stream().sorted().toList();
    }
}

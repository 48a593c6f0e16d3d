package dev.fewshot.embedding.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/** Builds a {@link SourceLayout} from the layout type and parameters an embed request names. */
public final class SourceLayouts {
    private SourceLayouts() {
    }

    /**
     * @param type   {@code class-folders} (param {@code root}), {@code csv} ({@code root}, {@code csv}) or
     *               {@code list} ({@code list}, optional {@code root})
     * @param params the layout's parameters; relative paths are resolved against the first data root
     * @throws SourceException for an unknown type, a missing parameter or one the layout does not take
     */
    public static SourceLayout of(String type, Map<String, String> params) {
        Map<String, String> p = params == null ? Map.of() : params;
        String t = type == null ? "" : type.strip();
        return switch (t) {
            case "class-folders" -> {
                check(t, p, Set.of("root"), Set.of());
                yield new ClassFolders(p.get("root"));
            }
            case "csv" -> {
                check(t, p, Set.of("root", "csv"), Set.of());
                yield new CsvLayout(p.get("root"), p.get("csv"));
            }
            case "list" -> {
                check(t, p, Set.of("list"), Set.of("root"));
                String root = p.get("root");
                yield new ListLayout(p.get("list"), root == null || root.isBlank() ? null : root);
            }
            default -> throw new SourceException("unknown layout '" + type + "' (known: class-folders, csv, list)");
        };
    }

    private static void check(String type, Map<String, String> params, Set<String> required, Set<String> optional) {
        Set<String> takes = new TreeSet<>(required);
        takes.addAll(optional);
        for (String key : params.keySet()) {
            // A misspelt parameter would otherwise be silently ignored and a default used instead.
            if (!takes.contains(key)) {
                throw new SourceException("layout '" + type + "' does not take parameter '" + key
                        + "' (takes: " + String.join(", ", takes) + ")");
            }
        }
        for (String key : new TreeSet<>(required)) {
            String v = params.get(key);
            if (v == null || v.isBlank()) {
                throw new SourceException("layout '" + type + "' needs parameter '" + key + "'");
            }
        }
    }

    /** Resolves a layout's folder parameter: inside the roots, existing, a directory. */
    static Path directory(DataRoots roots, String userPath) {
        Path p = roots.resolve(userPath);
        if (!Files.isDirectory(p)) {
            throw new SourceException(userPath, "not a directory");
        }
        return p;
    }

    /** Resolves a layout's file parameter (a CSV, a list): inside the roots, existing, a regular file. */
    static Path file(DataRoots roots, String userPath) {
        Path p = roots.resolve(userPath);
        if (!Files.isRegularFile(p)) {
            throw new SourceException(userPath, "not a regular file");
        }
        return p;
    }

    /** A folder's entries sorted by name, so listings never depend on the file system's order. */
    static List<Path> sortedEntries(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> out = new ArrayList<>(s.toList());
            out.sort(Comparator.comparing(e -> e.getFileName().toString()));
            return out;
        } catch (IOException e) {
            throw new SourceException(dir.toString(), "cannot list folder: " + e.getMessage(), e);
        }
    }
}

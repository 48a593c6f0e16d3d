package dev.fewshot.embedding.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The directories an embed request may read from. Every path a request names, and every file a layout
 * lists, goes through here: a request must not be able to read {@code /etc} or a home folder, whether by
 * {@code ..}, an absolute path or a symlink.
 */
public final class DataRoots {
    /** Roots as configured (absolute, normalised): used only to tell a symlink escape from a plain outside path. */
    private final List<Path> configured;
    /** Roots after {@code toRealPath()}: the containment check compares real paths with these. */
    private final List<Path> real;

    public DataRoots(List<Path> roots) {
        if (roots.isEmpty()) {
            throw new IllegalArgumentException("no data roots configured");
        }
        List<Path> conf = new ArrayList<>();
        List<Path> reals = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.isDirectory(root)) {
                throw new SourceException(root.toString(), "data root is not an existing directory");
            }
            conf.add(root.toAbsolutePath().normalize());
            try {
                reals.add(root.toRealPath());
            } catch (IOException e) {
                throw new SourceException(root.toString(), "cannot resolve data root: " + e.getMessage(), e);
            }
        }
        this.configured = List.copyOf(conf);
        this.real = List.copyOf(reals);
    }

    public static DataRoots of(Path... roots) {
        return new DataRoots(List.of(roots));
    }

    /** The roots as real paths, in configured order. */
    public List<Path> roots() {
        return real;
    }

    /** Resolves a path named by a request; a relative one is taken against the first root. */
    public Path resolve(String userPath) {
        return resolve(userPath, real.get(0));
    }

    /**
     * Resolves a path named by a request, a relative one against {@code base} (itself checked).
     *
     * @return the real path, inside the roots and existing
     * @throws SourceException for a {@code ..} segment, a path outside the roots (also via a symlink at any
     *                         level) or a path that does not exist
     */
    public Path resolve(String userPath, Path base) {
        if (userPath == null || userPath.isBlank()) {
            throw new SourceException(String.valueOf(userPath), "empty path");
        }
        // Refused outright rather than normalised: a request has no business climbing out of a folder.
        if (hasDotDot(userPath)) {
            throw new SourceException(userPath, "contains a '..' segment");
        }
        Path p;
        try {
            p = Path.of(userPath);
        } catch (InvalidPathException e) {
            throw new SourceException(userPath, "not a valid path: " + e.getReason(), e);
        }
        if (!p.isAbsolute()) {
            p = checkInside(base).resolve(p);
        }
        try {
            return checkInside(p);
        } catch (SourceException e) {
            throw new SourceException(userPath, e.reason(), e);
        }
    }

    /**
     * Checks that an existing path, after following every symlink, lies inside one of the roots.
     *
     * @return its real path
     * @throws SourceException "does not exist", "symlink leads outside the data roots" (the path itself is
     *                         under a root but its real path is not) or "outside the data roots"
     */
    public Path checkInside(Path p) {
        Path abs = p.toAbsolutePath().normalize();
        if (!Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
            throw new SourceException(p.toString(), "does not exist");
        }
        if (!Files.exists(abs)) {
            throw new SourceException(p.toString(), "does not exist (dangling symlink)");
        }
        Path r;
        try {
            r = abs.toRealPath();
        } catch (IOException e) {
            throw new SourceException(p.toString(), "cannot resolve: " + e.getMessage(), e);
        }
        if (isUnder(r, real)) {
            return r;
        }
        boolean looksInside = isUnder(abs, configured) || isUnder(abs, real);
        throw new SourceException(p.toString(),
                looksInside ? "symlink leads outside the data roots" : "outside the data roots " + real);
    }

    private static boolean isUnder(Path p, List<Path> roots) {
        for (Path root : roots) {
            // Path.startsWith compares whole names, so /data2 is not under /data.
            if (p.startsWith(root)) {
                return true;
            }
        }
        return false;
    }

    /** True if any '/'- or '\'-separated segment is exactly "..". */
    static boolean hasDotDot(String path) {
        for (String seg : path.split("[/\\\\]", -1)) {
            if (seg.equals("..")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "DataRoots" + real;
    }
}

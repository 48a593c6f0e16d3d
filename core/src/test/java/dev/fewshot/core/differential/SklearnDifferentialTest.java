package dev.fewshot.core.differential;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every head, OOD score and metric against scikit-learn, scipy and numpy (reference.py), on independent
 * CLIP-like sets that differ in the ways that break solvers: classes, dims, a weak or strong shared
 * component, isotropic or anisotropic noise, a pool of exactly K or 3K per class, the generator seed.
 * The 1000-class shape is {@link SklearnDifferentialLargeTest}.
 */
class SklearnDifferentialTest {
    @TempDir
    static Path work;

    @BeforeAll
    static void python() {
        ReferencePython.require();
    }

    static Stream<DifferentialRun> shapes() {
        return Stream.of(
                new DifferentialRun(20, 64, "weak", "iso", 4, 2000, 1, List.of(1, 4), true),
                new DifferentialRun(20, 64, "strong", "aniso", 24, 2000, 2, List.of(2, 8), true),
                new DifferentialRun(200, 512, "strong", "aniso", 4, 4000, 3, List.of(4), true),
                new DifferentialRun(200, 64, "weak", "aniso", 6, 4000, 4, List.of(1, 2), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void agreesWithTheReferences(DifferentialRun run) throws Exception {
        System.out.println(run.check(work));
    }
}

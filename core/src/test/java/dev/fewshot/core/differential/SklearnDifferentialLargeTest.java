package dev.fewshot.core.differential;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ImageNet shape of the differential suite: 1000 classes × 512 dims, a strong shared component and
 * anisotropic noise, the shape on which the linear probe once stopped near its start. A few minutes, so it
 * runs under CI (FEWSHOT_REQUIRE_TOOLS=1, set by .ci/run) or with -Dfewshot.differential.large=true.
 */
class SklearnDifferentialLargeTest {
    @TempDir
    Path work;

    @Test
    void imagenetShapeAgreesWithTheReferences() throws Exception {
        Assumptions.assumeTrue("1".equals(System.getenv("FEWSHOT_REQUIRE_TOOLS"))
                        || Boolean.getBoolean("fewshot.differential.large"),
                "the 1000-class differential check runs under CI or with -Dfewshot.differential.large=true");
        ReferencePython.require();
        System.out.println(new DifferentialRun(1000, 512, "strong", "aniso", 8, 10000, 5, List.of(8), false)
                .check(work));
    }
}

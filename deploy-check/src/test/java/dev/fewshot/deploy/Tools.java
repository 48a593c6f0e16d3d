package dev.fewshot.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * External tools these checks need (kubectl to render the overlays; node and the npm packages with the CRD
 * schemas). The README's test command must also work on a machine with only a JDK and Maven, so there a
 * missing tool skips the check with the reason; CI sets FEWSHOT_REQUIRE_TOOLS=1 after installing the tools
 * (.ci/run), and then a missing tool is a failure: the checks always run in CI.
 */
final class Tools {
    private Tools() {
    }

    static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    static void require(boolean present, String what) {
        if (present) {
            return;
        }
        if ("1".equals(System.getenv("FEWSHOT_REQUIRE_TOOLS")) || Boolean.getBoolean("fewshot.require-tools")) {
            fail(what);
        }
        Assumptions.abort(what + " (check skipped; with FEWSHOT_REQUIRE_TOOLS=1, as in .ci/run, it fails instead)");
    }
}

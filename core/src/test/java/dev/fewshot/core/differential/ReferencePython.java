package dev.fewshot.core.differential;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's python3 with numpy, scipy and scikit-learn: the independent reference of the differential suite.
 * Missing, the suite skips with the reason; under CI (FEWSHOT_REQUIRE_TOOLS=1, after .ci/run installs
 * python3-sklearn) it fails instead.
 */
final class ReferencePython {
    static final Path SCRIPTS = Path.of("src/test/python").toAbsolutePath();
    private static final String PYTHON = System.getenv().getOrDefault("FEWSHOT_PYTHON", "/usr/bin/python3");

    private ReferencePython() {
    }

    /** Skips (or fails under CI) unless the reference libraries import. */
    static void require() {
        String why;
        try {
            Result r = run(List.of("-c", "import numpy, scipy, sklearn"), 120);
            if (r.exit == 0) {
                return;
            }
            why = PYTHON + " cannot import numpy, scipy and sklearn: " + r.output.strip();
        } catch (IOException e) {
            why = PYTHON + " is not available: " + e.getMessage();
        }
        if ("1".equals(System.getenv("FEWSHOT_REQUIRE_TOOLS")) || Boolean.getBoolean("fewshot.require-tools")) {
            throw new AssertionError(why + " (apt-get install python3-sklearn)");
        }
        Assumptions.abort(why + " (skipped; with FEWSHOT_REQUIRE_TOOLS=1 it fails)");
    }

    record Result(int exit, String output) {
    }

    /** Runs a script of {@link #SCRIPTS} (or -c CODE), output and errors together. */
    static Result run(List<String> args, int timeoutSeconds) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(PYTHON);
        for (String a : args) {
            cmd.add(a.endsWith(".py") ? SCRIPTS.resolve(a).toString() : a);
        }
        Path log = Files.createTempFile("fewshot-python-", ".log");
        try {
            // One BLAS thread: the JVM that waits is idle, but a second Maven build may share the 2 cores.
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().put("OMP_NUM_THREADS", "2");
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("python timed out after " + timeoutSeconds + " s: " + cmd + "\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}

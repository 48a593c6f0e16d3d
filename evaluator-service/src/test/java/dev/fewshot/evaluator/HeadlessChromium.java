package dev.fewshot.evaluator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real browser for the report tests: Debian's /usr/bin/chromium, headless, with a fresh profile each call
 * and the flags this machine's closed network needs. Missing Chromium fails the test (.ci/run installs it).
 */
final class HeadlessChromium {
    static final Path BINARY = Path.of("/usr/bin/chromium");

    private HeadlessChromium() {
    }

    /**
     * The README's test command must also work with only a JDK and Maven: there a missing browser skips
     * the browser test with the reason. CI installs Chromium and sets FEWSHOT_REQUIRE_TOOLS=1 (.ci/run),
     * and then a missing browser is a failure, so the test always runs in CI.
     */
    static void require() {
        if (!Files.isExecutable(BINARY)) {
            String why = "the report's browser test needs headless Chromium at " + BINARY
                    + ", which is missing: install it with `apt-get install -y chromium` (.ci/run does this)";
            if ("1".equals(System.getenv("FEWSHOT_REQUIRE_TOOLS")) || Boolean.getBoolean("fewshot.require-tools")) {
                fail(why);
            }
            org.junit.jupiter.api.Assumptions.abort(why + " (skipped; with FEWSHOT_REQUIRE_TOOLS=1 it fails)");
        }
    }

    /** The DOM after load (and after scripts ran for {@code virtualTimeMs} of virtual time). */
    static String dumpDom(String url, int virtualTimeMs) throws Exception {
        List<String> args = new ArrayList<>(List.of("--dump-dom"));
        if (virtualTimeMs > 0) {
            args.add("--virtual-time-budget=" + virtualTimeMs);
        }
        return run(args, url);
    }

    static void screenshot(String url, Path png, int width, int height) throws Exception {
        Files.deleteIfExists(png);
        run(List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=" + width + "," + height,
                "--hide-scrollbars"), url);
    }

    private static String run(List<String> extra, String url) throws Exception {
        require();
        Path profile = Files.createTempDirectory("chromium-profile-");
        Path out = Files.createTempFile("chromium-out-", ".txt");
        Path err = Files.createTempFile("chromium-err-", ".txt");
        try {
            List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile));
            cmd.addAll(extra);
            cmd.add(url);
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(90, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("chromium did not finish in 90 s: " + Files.readString(err));
            }
            assertEquals(0, p.exitValue(), "chromium exit code; stderr: " + Files.readString(err));
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}

package dev.fewshot.embedder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fewshot.embedding.Fixtures;
import dev.fewshot.embedding.model.ClipTextEncoder;
import dev.fewshot.embedding.model.ClipVisionEncoder;
import dev.fewshot.embedding.model.ExecutionSettings;
import dev.fewshot.embedding.model.ModelDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/models/fetch-model.sh against a hub served from local files (file:// endpoint, the hub's
 * resolve/main layout), since there is no internet here: it fetches the files, the embedder can open
 * the result, and a hub missing a file or serving a short one fails.
 */
class FetchModelScriptTest {
    static final String REPO = "Xenova/clip-vit-base-patch32";
    static final List<String> TOKENIZER_FILES = List.of("tokenizer.json", "special_tokens_map.json", "tokenizer_config.json");

    @TempDir
    Path tmp;

    @Test
    void fetchesAModelTheEmbedderCanOpen() throws Exception {
        Path hub = fakeHub(true);
        Path dir = tmp.resolve("model");
        Result r = fetch(hub, dir, "1");
        assertEquals(0, r.exit(), r.output());
        assertArrayEquals(Files.readAllBytes(Fixtures.tinyClip().resolve("vision_model.onnx")),
                Files.readAllBytes(dir.resolve("vision_model.onnx")));
        assertTrue(r.output().contains("vision_model.onnx"), r.output());
        // The encoders load and pass their signature checks. (Not the tokenizer: DJL's native library is
        // already bound to the Quarkus tests' class loader in this JVM.)
        ModelDirectory md = ModelDirectory.open(dir, "clip-vit-base-patch32");
        try (ClipVisionEncoder v = ClipVisionEncoder.open(md.visionModel(), ExecutionSettings.cpu(1));
             ClipTextEncoder t = ClipTextEncoder.open(md.textModel(), ExecutionSettings.cpu(1))) {
            assertEquals(512, v.dim());
            assertEquals(512, t.dim());
        }
        // A second run finds everything in place and fetches nothing.
        Result again = fetch(hub, dir, "1");
        assertEquals(0, again.exit(), again.output());
        assertTrue(!again.output().contains("fetch "), again.output());
    }

    @Test
    void aMissingFileOrAShortFileFails() throws Exception {
        Result missing = fetch(fakeHub(false), tmp.resolve("m1"), "1");
        assertNotEquals(0, missing.exit(), missing.output());
        // The real minimum sizes: the tiny model is far too small to be ViT-B/32.
        Result shortFiles = fetch(fakeHub(true), tmp.resolve("m2"), null);
        assertNotEquals(0, shortFiles.exit(), shortFiles.output());
        assertTrue(shortFiles.output().contains("BAD"), shortFiles.output());
    }

    private Path fakeHub(boolean withMerges) throws IOException {
        Path hub = tmp.resolve("hub" + (withMerges ? "-full" : "-partial"));
        Path main = Files.createDirectories(hub.resolve(REPO).resolve("resolve/main"));
        Files.createDirectories(main.resolve("onnx"));
        for (String f : List.of("vision_model.onnx", "text_model.onnx")) {
            Files.copy(Fixtures.tinyClip().resolve(f), main.resolve("onnx").resolve(f));
        }
        for (String f : TOKENIZER_FILES) {
            Files.copy(Fixtures.tinyClip().resolve(f), main.resolve(f));
        }
        Files.writeString(main.resolve("vocab.json"), "{\"a\": 0}");
        if (withMerges) {
            Files.writeString(main.resolve("merges.txt"), "#version: 0.2\n");
        }
        return hub;
    }

    record Result(int exit, String output) {
    }

    private static Result fetch(Path hub, Path dir, String minBytes) throws Exception {
        assumeTrue(onPath("curl"), "curl is not installed");
        Path script = Fixtures.tinyClip().getParent().getParent().resolve("deploy/models/fetch-model.sh");
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), dir.toString()).redirectErrorStream(true);
        pb.environment().put("HF_ENDPOINT", hub.toUri().toString().replaceAll("/$", ""));
        if (minBytes != null) {
            pb.environment().put("MIN_BYTES", minBytes);
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "fetch-model.sh did not finish");
        return new Result(p.exitValue(), out);
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}

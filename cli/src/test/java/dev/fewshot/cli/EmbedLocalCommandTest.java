package dev.fewshot.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fewshot.core.io.Npy;
import dev.fewshot.core.io.NpyArray;
import dev.fewshot.embedding.image.ClipPreprocessor;
import dev.fewshot.embedding.image.ClipTransform;
import dev.fewshot.embedding.image.ImageDecoder;
import dev.fewshot.embedding.model.ClipModel;
import dev.fewshot.embedding.model.ClipVisionEncoder;
import dev.fewshot.embedding.model.ExecutionSettings;
import dev.fewshot.embedding.model.ModelDirectory;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** fewshot embed-local on the repository's image fixtures and the tiny CLIP model: vectors, pixels, failures. */
class EmbedLocalCommandTest {
    @TempDir
    Path dir;

    static Path repo() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("fixtures/tiny-clip"))) {
                return p;
            }
        }
        throw new IllegalStateException("no fixtures/tiny-clip above " + Path.of("").toAbsolutePath());
    }

    @Test
    void embedsTheListInOrderAndListsWhatFailed() throws Exception {
        Path images = repo().resolve("fixtures/images");
        List<Path> good = List.of(images.resolve("rgb_640x427_halfway.png"), images.resolve("rgb_400x300_icc.jpg"),
                images.resolve("l_240x360.png"));
        Path broken = Files.writeString(dir.resolve("broken.jpg"), "not an image");
        Path list = Files.writeString(dir.resolve("list.txt"), String.join("\n", good.get(0).toString(),
                dir.resolve("missing.png").toString(), "", good.get(1).toString(), broken.toString(),
                good.get(2).toString() + "\r") + "\n");
        Path out = dir.resolve("x.npy");
        Path px = dir.resolve("p.npy");
        assertEquals(0, Main.run("embed-local", "--model-dir", repo().resolve("fixtures/tiny-clip").toString(),
                "--list", list.toString(), "--out", out.toString(), "--pixels-out", px.toString(), "--batch", "2"));

        assertEquals(good.stream().map(Path::toString).toList(), Files.readAllLines(dir.resolve("x.npy.items.tsv")));
        List<String> failed = Files.readAllLines(dir.resolve("x.npy.failed.tsv"));
        assertEquals(2, failed.size(), failed.toString());
        assertTrue(failed.get(0).startsWith(dir.resolve("missing.png") + "\t") && failed.get(0).contains("no such file"),
                failed.get(0));
        assertTrue(failed.get(1).startsWith(broken + "\t") && failed.get(1).contains("not an image"), failed.get(1));

        NpyArray x = Npy.read(out);
        NpyArray p = Npy.read(px);
        assertArrayEquals(new int[] {3, 3, 224, 224}, p.shape());
        float[] xs = x.toFloatArray(), ps = p.toFloatArray();
        int n = ClipVisionEncoder.FLOATS_PER_IMAGE;
        ImageDecoder decoder = new ImageDecoder();
        try (ClipModel model = ClipModel.open(ModelDirectory.open(repo().resolve("fixtures/tiny-clip")),
                ExecutionSettings.cpu(1))) {
            int d = model.dim();
            assertArrayEquals(new int[] {3, d}, x.shape());
            for (int i = 0; i < good.size(); i++) {
                FloatBuffer buf = ClipVisionEncoder.allocatePixels(1);
                new ClipPreprocessor(ClipTransform.OPENAI).preprocess(decoder.decode(good.get(i)), buf, 0);
                float[] want = new float[n];
                buf.get(0, want);
                assertArrayEquals(want, Arrays.copyOfRange(ps, i * n, (i + 1) * n), good.get(i) + " pixels");
                float[] v = model.vision().embed(buf, 1);
                for (int j = 0; j < d; j++) {
                    assertEquals(v[j], xs[i * d + j], 1e-6, good.get(i) + "[" + j + "]");
                }
            }
        }
    }

    @Test
    void huggingFaceRulesCropTheHalfWayImageOnePixelEarlier() throws Exception {
        Path image = repo().resolve("fixtures/images/rgb_640x427_halfway.png");
        Path list = Files.writeString(dir.resolve("one.txt"), image + "\n");
        float[][] px = new float[2][];
        for (String rule : List.of("openai", "hf")) {
            Path out = dir.resolve(rule + ".npy");
            assertEquals(0, Main.run("embed-local", "--model-dir", repo().resolve("fixtures/tiny-clip").toString(),
                    "--list", list.toString(), "--out", out.toString(), "--pixels-out", dir.resolve(rule + "-p.npy").toString(),
                    "--preprocess", rule));
            px[rule.equals("openai") ? 0 : 1] = Npy.read(dir.resolve(rule + "-p.npy")).toFloatArray();
        }
        assertFalse(Arrays.equals(px[0], px[1]));
        // openai's column c is hf's column c + 1 (crop at x = 56 instead of 55)
        assertEquals(px[0][10 * 224 + 5], px[1][10 * 224 + 6]);
    }

    @Test
    void badArgumentsAndListsAreErrorsNamingThem() throws Exception {
        String model = repo().resolve("fixtures/tiny-clip").toString();
        Path list = Files.writeString(dir.resolve("l.txt"), "a.png\n");
        Path out = dir.resolve("o.npy");
        assertEquals(2, Main.run("embed-local", "--model-dir", model, "--list", list.toString(), "--out", out.toString(),
                "--preprocess", "pil"));
        assertEquals(2, Main.run("embed-local", "--model-dir", model, "--list", list.toString(), "--out", out.toString(),
                "--batch", "0"));
        assertEquals(2, Main.run("embed-local", "--model-dir", model, "--list", dir.resolve("none.txt").toString(),
                "--out", out.toString()));
        Path latin1 = Files.write(dir.resolve("latin1.txt"), new byte[] {'a', (byte) 0xE9, '\n'});
        assertEquals(2, Main.run("embed-local", "--model-dir", model, "--list", latin1.toString(), "--out", out.toString()));
        assertEquals(2, Main.run("embed-local", "--model-dir", dir.toString(), "--list", list.toString(), "--out",
                out.toString()));
        assertFalse(Files.exists(out), "no partial output");
    }
}

package dev.fewshot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fewshot.core.io.Npy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep command end to end on generated .npy files, including every bad-input case. */
class SweepCommandTest {
    @TempDir
    Path dir;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void generate() {
        assertEquals(0, Main.run("generate", "--out", dir.toString(), "--classes", "12", "--dim", "32",
                "--pool-per-class", "8"));
    }

    private int sweep(String... overrides) {
        List<String> args = new ArrayList<>(List.of("sweep", "--train-x", f("train_x"), "--train-y", f("train_y"),
                "--test-x", f("test_x"), "--test-y", f("test_y"), "--ood-x", f("ood_x"), "--text-x", f("text_x"),
                "--shots", "0,1,2", "--seeds", "0,1", "--linear-c", "1", "--out", dir.resolve("out.jsonl").toString()));
        for (int i = 0; i < overrides.length; i += 2) {
            int at = args.indexOf(overrides[i]);
            args.set(at + 1, overrides[i + 1]);
        }
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return Main.run(args.toArray(String[]::new));
        } finally {
            System.setErr(old);
        }
    }

    private String f(String name) {
        return dir.resolve(name + ".npy").toString();
    }

    @Test
    void writesOneJsonRowPerHeadKSeedAndScore() throws Exception {
        assertEquals(0, sweep());
        List<String> lines = Files.readAllLines(dir.resolve("out.jsonl"));
        // zero-shot 5 scores × 2 seeds + K∈{1,2} × 2 seeds × (linear 3 + linear-zs 3 + prototype 4 + gaussian 4)
        assertEquals(10 + 2 * 2 * 14, lines.size());
        JsonNode first = new ObjectMapper().readTree(lines.get(0));
        for (String field : List.of("head", "k", "seed", "ood_score", "accuracy", "auroc", "fpr95", "aupr_in",
                "aupr_out", "ece", "fit_ms", "score_ms")) {
            assertTrue(first.has(field), "missing " + field);
        }
        assertEquals("zero-shot", first.get("head").asText());
    }

    @Test
    void negativeLabelsFromTheTinyClipTextTowerGiveTheZeroShotHeadTheNegLabelScore() throws Exception {
        // the tiny CLIP text tower's 512 dims do not fit the 32-dim generated set: generate one of 512 dims
        Path big = dir.resolve("big");
        assertEquals(0, Main.run("generate", "--out", big.toString(), "--classes", "12", "--dim", "512",
                "--pool-per-class", "4"));
        Path negatives = dir.resolve("negatives.npy");
        assertEquals(0, Main.run("embed-negatives", "--model-dir",
                EmbedLocalCommandTest.repo().resolve("fixtures/tiny-clip").toString(), "--out", negatives.toString(),
                "--limit", "400"));
        dev.fewshot.core.linalg.FloatMatrix n = dev.fewshot.core.io.FeatureFiles.readMatrix(negatives, false);
        assertEquals(400, n.rows());
        List<String> words = Files.readAllLines(Path.of(negatives + ".words.txt"));
        assertEquals(dev.fewshot.embedding.text.NegativeLabelVocabulary.words().subList(0, 400), words);
        // row i is the text tower's unit embedding of "The nice <word i>."
        try (dev.fewshot.embedding.model.ClipModel model = dev.fewshot.embedding.model.ClipModel.open(
                dev.fewshot.embedding.model.ModelDirectory.open(EmbedLocalCommandTest.repo().resolve("fixtures/tiny-clip")),
                dev.fewshot.embedding.model.ExecutionSettings.cpu())) {
            float[] direct = model.text().embed(model.tokenizer().encode(List.of("The nice " + words.get(7) + ".")));
            for (int j = 0; j < n.cols(); j++) {
                assertEquals(direct[j], n.get(7, j), 1e-5, "dim " + j);
            }
        }
        Path out = dir.resolve("neg.jsonl");
        assertEquals(0, Main.run("sweep", "--train-x", big.resolve("train_x.npy").toString(), "--train-y",
                big.resolve("train_y.npy").toString(), "--test-x", big.resolve("test_x.npy").toString(), "--test-y",
                big.resolve("test_y.npy").toString(), "--ood-x", big.resolve("ood_x.npy").toString(), "--text-x",
                big.resolve("text_x.npy").toString(), "--heads", "zero-shot", "--shots", "0", "--seeds", "0",
                "--negatives-x", negatives.toString(), "--out", out.toString()));
        long negLabel = Files.readAllLines(out).stream().filter(l -> l.contains("\"ood_score\":\"neglabel\"")).count();
        assertEquals(1, negLabel, "one neglabel row for zero-shot");
    }

    @Test
    void aGivenCalibrationSetAlphaAndBootstrapReachTheRows() throws Exception {
        List<String> base = List.of("sweep", "--train-x", f("train_x"), "--train-y", f("train_y"), "--test-x",
                f("test_x"), "--test-y", f("test_y"), "--ood-x", f("ood_x"), "--text-x", f("text_x"), "--shots", "0,1",
                "--seeds", "0", "--linear-c", "1", "--out", dir.resolve("out.jsonl").toString());
        List<String> args = new ArrayList<>(base);
        // any labelled ID rows may calibrate; here the test rows themselves (600 = 12 classes x 50)
        args.addAll(List.of("--calib-x", f("test_x"), "--calib-y", f("test_y"), "--alpha", "0.1", "--bootstrap", "0"));
        assertEquals(0, Main.run(args.toArray(String[]::new)));
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(dir.resolve("out.jsonl"))) {
            JsonNode row = json.readTree(line);
            assertEquals(600, row.get("cp_calibration").asInt(), line);
            assertEquals(0.1, row.get("cp_alpha").asDouble(), line);
            assertTrue(row.get("accuracy_lo").isNull() && row.get("bootstrap").isNull(), "--bootstrap 0: " + line);
        }
        for (List<String> bad : List.of(List.of("--calib-x", f("test_x")), List.of("--alpha", "1.5"),
                List.of("--bootstrap", "1"))) {
            List<String> a = new ArrayList<>(base);
            a.addAll(bad);
            err.reset();
            PrintStream old = System.err;
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int rc;
            try {
                rc = Main.run(a.toArray(String[]::new));
            } finally {
                System.setErr(old);
            }
            String msg = err.toString(StandardCharsets.UTF_8);
            assertEquals(2, rc, bad + ": " + msg);
            assertTrue(msg.contains(bad.get(0).equals("--calib-x") ? "go together" : bad.get(0).substring(2)),
                    bad + ": " + msg);
        }
    }

    private void assertFails(String fileArg, String fileName, String words) {
        int rc = sweep(fileArg, dir.resolve(fileName).toString());
        String msg = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, rc, msg);
        assertTrue(msg.contains(fileName), "message names the file: " + msg);
        assertTrue(msg.toLowerCase().contains(words), "message says '" + words + "': " + msg);
        assertFalse(Files.exists(dir.resolve("out.jsonl")), "no partial results");
    }

    @Test
    void mismatchedDimensions() throws Exception {
        Npy.writeFloat32(dir.resolve("ood16.npy"), new float[5 * 16], 5, 16);
        assertFails("--ood-x", "ood16.npy", "dimensions");
    }

    @Test
    void mismatchedRowCounts() throws Exception {
        Npy.writeInt64(dir.resolve("y3.npy"), new long[]{0, 1, 2});
        assertFails("--test-y", "y3.npy", "labels");
    }

    @Test
    void nanInFeatures() throws Exception {
        float[] v = new float[4 * 32];
        v[37] = Float.NaN;
        Npy.writeFloat32(dir.resolve("nan.npy"), v, 4, 32);
        assertFails("--ood-x", "nan.npy", "nan");
    }

    @Test
    void infInFeatures() throws Exception {
        float[] v = new float[4 * 32];
        v[5] = Float.POSITIVE_INFINITY;
        Npy.writeFloat32(dir.resolve("inf.npy"), v, 4, 32);
        assertFails("--ood-x", "inf.npy", "inf");
    }

    @Test
    void labelOutOfRange() throws Exception {
        long[] y = new long[96];
        for (int i = 0; i < y.length; i++) {
            y[i] = i / 8;
        }
        y[10] = 40;
        Npy.writeInt64(dir.resolve("ybad.npy"), y);
        assertFails("--train-y", "ybad.npy", "outside");
    }

    @Test
    void classWithNoRows() throws Exception {
        long[] y = new long[96];
        for (int i = 0; i < y.length; i++) {
            y[i] = (i / 8) == 5 ? 4 : i / 8;
        }
        Npy.writeInt64(dir.resolve("ygap.npy"), y);
        assertFails("--train-y", "ygap.npy", "class 5 has no rows");
    }

    @Test
    void unsupportedDtypeAndOrder() throws Exception {
        byte[] header = ("{'descr': '>f4', 'fortran_order': False, 'shape': (2, 32), }").getBytes(StandardCharsets.US_ASCII);
        Files.write(dir.resolve("be.npy"), npy(header, 2 * 32 * 4));
        assertFails("--ood-x", "be.npy", "big-endian");
    }

    @Test
    void fortranOrder() throws Exception {
        byte[] header = ("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 32), }").getBytes(StandardCharsets.US_ASCII);
        Files.write(dir.resolve("f.npy"), npy(header, 2 * 32 * 4));
        assertFails("--ood-x", "f.npy", "fortran");
    }

    @Test
    void truncatedFile() throws Exception {
        byte[] full = Files.readAllBytes(dir.resolve("ood_x.npy"));
        Files.write(dir.resolve("cut.npy"), java.util.Arrays.copyOf(full, full.length - 100));
        assertFails("--ood-x", "cut.npy", "truncated");
    }

    @Test
    void emptyOodSet() throws Exception {
        Npy.writeFloat32(dir.resolve("empty.npy"), new float[0], 0, 32);
        assertFails("--ood-x", "empty.npy", "empty");
    }

    /** A version 1.0 .npy file with the given header dict and zeroed data. */
    private static byte[] npy(byte[] dict, int dataBytes) {
        int len = 10 + dict.length + 1;
        int pad = (64 - len % 64) % 64;
        int headerLen = dict.length + pad + 1;
        byte[] out = new byte[10 + headerLen + dataBytes];
        byte[] magic = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
        System.arraycopy(magic, 0, out, 0, 8);
        out[8] = (byte) (headerLen & 0xff);
        out[9] = (byte) (headerLen >> 8);
        System.arraycopy(dict, 0, out, 10, dict.length);
        for (int i = 0; i < pad; i++) {
            out[10 + dict.length + i] = ' ';
        }
        out[10 + headerLen - 1] = '\n';
        return out;
    }
}

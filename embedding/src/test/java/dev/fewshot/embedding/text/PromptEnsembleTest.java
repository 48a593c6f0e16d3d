package dev.fewshot.embedding.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.embedding.Fixtures;
import dev.fewshot.embedding.classes.ClassList;
import dev.fewshot.embedding.classes.PromptTemplates;
import dev.fewshot.embedding.model.ClipModel;
import dev.fewshot.embedding.model.ExecutionSettings;
import dev.fewshot.embedding.model.ModelDirectory;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PromptEnsembleTest {
    private static final List<String> NAMES = List.of("dog", "goldfish", "tench");
    private static final PromptTemplates TEMPLATES = new PromptTemplates(List.of("a photo of a {}.", "a bad photo of the {}."));
    private static ClipModel model;

    @BeforeAll
    static void open() {
        model = ClipModel.open(ModelDirectory.open(Fixtures.tinyClip()), ExecutionSettings.cpu(2));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    /** One prompt through the encoder alone, normalised here in double. */
    private static double[] unitPrompt(String prompt) {
        float[] raw = model.text().embedRaw(new long[][]{model.tokenizer().encode(prompt)});
        double n = 0;
        for (float v : raw) {
            n += (double) v * v;
        }
        double[] out = new double[raw.length];
        for (int j = 0; j < raw.length; j++) {
            out[j] = raw[j] / Math.sqrt(n);
        }
        return out;
    }

    @Test
    void rowIsTheNormalisedMeanOfNormalisedPromptEmbeddings() {
        FloatMatrix w = new PromptEnsemble(model.tokenizer(), model.text()).build(NAMES, TEMPLATES);
        assertEquals(3, w.rows());
        assertEquals(512, w.cols());
        for (int c = 0; c < 3; c++) {
            double[] a = unitPrompt(TEMPLATES.fill(0, NAMES.get(c)));
            double[] b = unitPrompt(TEMPLATES.fill(1, NAMES.get(c)));
            double n = 0;
            for (int j = 0; j < a.length; j++) {
                double m = (a[j] + b[j]) / 2;
                n += m * m;
            }
            double rowNorm = 0;
            for (int j = 0; j < a.length; j++) {
                assertEquals((a[j] + b[j]) / 2 / Math.sqrt(n), w.get(c, j), 1e-6, "class " + c + " dim " + j);
                rowNorm += (double) w.get(c, j) * w.get(c, j);
            }
            assertEquals(1.0, rowNorm, 1e-6);
        }
    }

    @Test
    void resultDoesNotDependOnBatchSize() {
        FloatMatrix reference = new PromptEnsemble(model.tokenizer(), model.text(), 256).build(NAMES, TEMPLATES);
        for (int batch : new int[]{1, 2, 4, 5}) {
            FloatMatrix w = new PromptEnsemble(model.tokenizer(), model.text(), batch).build(NAMES, TEMPLATES);
            assertArrayEquals(reference.data(), w.data(), 1e-6f, "batch " + batch);
        }
    }

    @Test
    void classListGivesTheSameRowsAsItsNames() {
        ClassList classes = new ClassList(List.of("n1", "n2", "n3"), NAMES);
        PromptEnsemble zs = new PromptEnsemble(model.tokenizer(), model.text());
        assertArrayEquals(zs.build(NAMES, TEMPLATES).data(), zs.build(classes, TEMPLATES).data());
    }

    @Test
    void batchesAreCutAfterTheLongestPromptWithoutChangingTheEmbeddings() {
        PromptEnsemble zs = new PromptEnsemble(model.tokenizer(), model.text());
        long[][] full = model.tokenizer().encode(List.of("a dog.", "a bad photo of the goldfish in a bowl."));
        long[][] cut = zs.trimmed(full);
        int longest = 0;
        while (full[1][longest] != model.tokenizer().eotId()) {
            longest++;
        }
        assertEquals(longest + 1, cut[0].length, "cut right after the longest prompt's end-of-text token");
        assertEquals(77, full[0].length);
        float[] a = model.text().embed(full);
        float[] b = model.text().embed(cut);
        for (int i = 0; i < a.length; i++) {
            assertEquals(a[i], b[i], 1e-5, "component " + i);
        }
    }
}

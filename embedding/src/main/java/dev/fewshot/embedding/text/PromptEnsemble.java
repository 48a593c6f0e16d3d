package dev.fewshot.embedding.text;

import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.embedding.classes.ClassList;
import dev.fewshot.embedding.classes.PromptTemplates;
import dev.fewshot.embedding.model.ClipTextEncoder;
import java.util.ArrayList;
import java.util.List;

/**
 * Class text embeddings by CLIP's prompt ensembling, the zero-shot head's weights (it does not classify): per
 * class, embed every template filled with the class name, L2-normalise each prompt embedding, average, and
 * L2-normalise the average.
 *
 * <p>Prompts stream through the text encoder in fixed-size batches and are summed per class in
 * double, so memory stays C×D (not C·T×D: 1000 classes × 80 templates would be 80 000 rows).
 */
public final class PromptEnsemble {
    public static final int DEFAULT_BATCH = 256;

    private final ClipTokenizer tokenizer;
    private final ClipTextEncoder encoder;
    private final int batchSize;

    public PromptEnsemble(ClipTokenizer tokenizer, ClipTextEncoder encoder) {
        this(tokenizer, encoder, DEFAULT_BATCH);
    }

    public PromptEnsemble(ClipTokenizer tokenizer, ClipTextEncoder encoder, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        this.tokenizer = tokenizer;
        this.encoder = encoder;
        this.batchSize = batchSize;
    }

    /** [C, D], row c for class c of {@code classes}, unit norm. */
    public FloatMatrix build(ClassList classes, PromptTemplates templates) {
        return build(classes.names(), templates);
    }

    /** [C, D], row c for {@code names.get(c)}, unit norm. */
    public FloatMatrix build(List<String> names, PromptTemplates templates) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("no class names");
        }
        int t = templates.size();
        int d = encoder.dim();
        long total = (long) names.size() * t;
        double[][] sums = new double[names.size()][d];
        List<String> prompts = new ArrayList<>(batchSize);
        for (long start = 0; start < total; start += batchSize) {
            int m = (int) Math.min(batchSize, total - start);
            prompts.clear();
            for (int i = 0; i < m; i++) {
                long p = start + i;
                prompts.add(templates.fill((int) (p % t), names.get((int) (p / t))));
            }
            float[] unit = encoder.embed(trimmed(tokenizer.encode(prompts))); // rows already L2-normalised
            for (int i = 0; i < m; i++) {
                double[] sum = sums[(int) ((start + i) / t)];
                for (int j = 0; j < d; j++) {
                    sum[j] += unit[i * d + j];
                }
            }
        }
        FloatMatrix out = new FloatMatrix(names.size(), d);
        for (int c = 0; c < names.size(); c++) {
            double norm = 0;
            for (double v : sums[c]) {
                norm += v * v;
            }
            // Dividing by t before normalising would not change the direction; skip it.
            double inv = norm > 0 ? 1.0 / Math.sqrt(norm) : 0;
            for (int j = 0; j < d; j++) {
                out.set(c, j, (float) (sums[c][j] * inv));
            }
        }
        return out;
    }

    /**
     * One unit row per word with a single template (NegLabel's negative labels): [M, D]. Words go through
     * {@link #build(List, PromptTemplates)} in chunks, so memory beyond the result stays one chunk's sums.
     */
    public FloatMatrix embedWords(List<String> words, PromptTemplates template, java.util.function.IntConsumer progress) {
        if (template.size() != 1) {
            throw new IllegalArgumentException("words take one template, got " + template.size());
        }
        int d = encoder.dim();
        FloatMatrix out = new FloatMatrix(words.size(), d);
        int chunk = 4096;
        for (int start = 0; start < words.size(); start += chunk) {
            int end = Math.min(words.size(), start + chunk);
            FloatMatrix part = build(words.subList(start, end), template);
            System.arraycopy(part.data(), 0, out.data(), start * d, (end - start) * d);
            progress.accept(end);
        }
        return out;
    }

    /**
     * The batch cut after its longest prompt's end-of-text token. CLIP's text tower is causal and pools at the
     * first end-of-text token, so the padding after it cannot change the embedding; ImageNet prompts are ~10-20
     * tokens, and not running 77 positions makes the text split about 3× faster (docs/benchmarks.md).
     */
    long[][] trimmed(long[][] ids) {
        int len = 1;
        for (long[] row : ids) {
            int end = row.length;
            for (int i = 0; i < row.length; i++) {
                if (row[i] == tokenizer.eotId()) {
                    end = i + 1;
                    break;
                }
            }
            len = Math.max(len, end);
        }
        long[][] out = new long[ids.length][];
        for (int r = 0; r < ids.length; r++) {
            out[r] = java.util.Arrays.copyOf(ids[r], len);
        }
        return out;
    }
}

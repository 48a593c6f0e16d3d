package dev.fewshot.bench;

import dev.fewshot.embedding.classes.ClassList;
import dev.fewshot.embedding.classes.PromptTemplates;
import dev.fewshot.embedding.model.ClipTextEncoder;
import dev.fewshot.embedding.model.ExecutionSettings;
import dev.fewshot.embedding.text.ClipTokenizer;
import dev.fewshot.embedding.text.PromptEnsemble;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Text side throughput: prompts/s through tokenizer + text model + per-class averaging (the zero-shot
 * classifier), for the first CLASSES ImageNet classes × the 80 templates, plus the tokenizer alone.
 * Usage: TextEmbedBench TEXT_ONNX TOKENIZER_JSON [classes=8] [reps=3] [intraThreads=cores]
 */
public final class TextEmbedBench {
    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]);
        Path tokenizerJson = Path.of(args[1]);
        int classes = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        int reps = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        int intra = args.length > 4 ? Integer.parseInt(args[4]) : Runtime.getRuntime().availableProcessors();
        List<String> names = ClassList.imagenet().names().subList(0, classes);
        PromptTemplates templates = PromptTemplates.imagenet80();
        int prompts = classes * templates.size();
        double[] full = new double[reps];
        double[] tok = new double[reps];
        try (ClipTokenizer tokenizer = ClipTokenizer.open(tokenizerJson, null);
             ClipTextEncoder encoder = ClipTextEncoder.open(model, ExecutionSettings.cpu(intra))) {
            PromptEnsemble zs = new PromptEnsemble(tokenizer, encoder);
            zs.build(names.subList(0, 1), templates); // warm-up
            for (int rep = 0; rep < reps; rep++) {
                long t0 = System.nanoTime();
                zs.build(names, templates);
                full[rep] = prompts / ((System.nanoTime() - t0) / 1e9);
                long t1 = System.nanoTime();
                for (String n : names) {
                    for (int t = 0; t < templates.size(); t++) {
                        tokenizer.encode(templates.fill(t, n));
                    }
                }
                tok[rep] = prompts / ((System.nanoTime() - t1) / 1e9);
                System.err.printf("rep %d: %.1f prompts/s end to end, tokenizer alone %.0f prompts/s%n", rep, full[rep], tok[rep]);
            }
        }
        Arrays.sort(full);
        Arrays.sort(tok);
        System.out.printf("prompts=%d intra=%d zero_shot_median=%.1f prompts/s tokenizer_median=%.0f prompts/s "
                + "imagenet_80x1000_estimate=%.0f s%n", prompts, intra, full[reps / 2], tok[reps / 2], 80_000 / full[reps / 2]);
    }
}

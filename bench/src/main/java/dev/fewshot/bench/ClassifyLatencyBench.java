package dev.fewshot.bench;

import dev.fewshot.core.conformal.PValues;
import dev.fewshot.core.conformal.SetScores;
import dev.fewshot.core.heads.Head;
import dev.fewshot.core.heads.HeadCodec;
import dev.fewshot.core.heads.PrototypeTrainer;
import dev.fewshot.core.heads.TrainingSet;
import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.linalg.Gemms;
import dev.fewshot.core.ood.OodScore;
import dev.fewshot.core.serving.OpenSetClassifier;
import dev.fewshot.embedding.image.ClipPreprocessor;
import dev.fewshot.embedding.image.ImageDecoder;
import dev.fewshot.embedding.image.ImageLimits;
import dev.fewshot.embedding.model.ClipVisionEncoder;
import dev.fewshot.embedding.model.ExecutionSettings;
import dev.fewshot.embedding.source.ImageItem;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Latency of classifying one image on CPU, as POST /classify does it after the request is parsed:
 * read the JPEG bytes, decode, preprocess, ViT-B/32 vision model (batch 1), a 1000-class prototype
 * head, MSP score and decision. The reference, in the same run: the bare model on a ready tensor.
 * Usage: ClassifyLatencyBench VISION_ONNX [requests=200] [intraThreads=cores]
 */
public final class ClassifyLatencyBench {
    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]);
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int intra = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
        List<ImageItem> images = EmbedBench.writeImages(Files.createTempDirectory("fewshot-classify-bench"), 16);
        ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULTS);
        ClipPreprocessor pre = new ClipPreprocessor();
        OpenSetClassifier classifier = new OpenSetClassifier(Gemms.pureJava()); // as the service does
        try (ClipVisionEncoder encoder = ClipVisionEncoder.open(model, ExecutionSettings.cpu(intra))) {
            Head head = HeadCodec.decode(HeadCodec.encode(prototypes(1000, encoder.dim())));
            // a stored calibration of 10,000 rows (ImageNet's held-out share), as /classify reads it
            double[] cal = new java.util.Random(5).doubles(10_000, -3, 0).sorted().toArray();
            PValues calibration = PValues.ofSorted(cal);
            double[] setCalibration = new java.util.Random(6).doubles(10_000, 0, 1).sorted().toArray();
            FloatBuffer ready = ClipVisionEncoder.allocatePixels(1);
            pre.preprocess(decoder.decode(images.get(0).path()), ready, 0);
            for (int i = 0; i < 10; i++) { // warm-up
                encoder.embed(ready, 1);
            }
            double[] full = new double[n];
            double[] bare = new double[n];
            for (int i = 0; i < n; i++) {
                // Alternate the two so that machine noise hits both alike.
                long t0 = System.nanoTime();
                byte[] bytes = Files.readAllBytes(images.get(i % images.size()).path());
                FloatBuffer px = ClipVisionEncoder.allocatePixels(1);
                pre.preprocess(decoder.decode(bytes, "bench"), px, 0);
                float[] vector = encoder.embed(px, 1);
                OpenSetClassifier.Result r = classifier.classify(head, vector, OodScore.MSP, 0.5, 5);
                // and the conformal answer /classify gives beside it: p-value and LAC set at alpha 0.05
                classifier.conformal(head, vector, r.score(), calibration, SetScores.Method.LAC, setCalibration, 0.05);
                full[i] = (System.nanoTime() - t0) / 1e6;
                if (r.top().isEmpty()) {
                    throw new IllegalStateException("no classes");
                }
                long t1 = System.nanoTime();
                encoder.embed(ready, 1);
                bare[i] = (System.nanoTime() - t1) / 1e6;
            }
            System.out.printf("requests=%d intra=%d classify_p50=%.1fms classify_p99=%.1fms bare_model_p50=%.1fms "
                            + "bare_model_p99=%.1fms p50_ratio=%.2f%n", n, intra, pct(full, 50), pct(full, 99),
                    pct(bare, 50), pct(bare, 99), pct(full, 50) / pct(bare, 50));
        }
    }

    /** A 1000-class prototype head on random unit vectors (what a K-shot prototype head costs to apply). */
    static Head prototypes(int classes, int dim) {
        Random r = new Random(3);
        float[] x = new float[classes * dim];
        int[] y = new int[classes];
        int[] shot = new int[classes];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        for (int c = 0; c < classes; c++) {
            y[c] = c;
        }
        FloatMatrix m = new FloatMatrix(classes, dim, x).l2NormalizeRows();
        return new PrototypeTrainer().fit(new TrainingSet(m, y, classes, shot, 1), Gemms.defaultGemm());
    }

    private static double pct(double[] v, int p) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)];
    }
}

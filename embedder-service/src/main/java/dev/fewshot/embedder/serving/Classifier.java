package dev.fewshot.embedder.serving;

import dev.fewshot.core.heads.Head;
import dev.fewshot.core.linalg.Gemms;
import dev.fewshot.core.ood.OodScore;
import dev.fewshot.core.serving.OpenSetClassifier;
import dev.fewshot.embedder.EmbedderConfig;
import dev.fewshot.embedder.model.ImageInput;
import dev.fewshot.embedder.model.ModelHolder;
import dev.fewshot.embedding.classes.ClassList;
import dev.fewshot.embedding.image.ImageDecodeException;
import dev.fewshot.embedding.image.RgbImage;
import dev.fewshot.embedding.model.ClipModel;
import dev.fewshot.embedding.model.ClipVisionEncoder;
import dev.fewshot.embedding.model.ModelException;
import dev.fewshot.embedding.source.DataRoots;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One image → the run's head → top classes, OOD score and a known/unknown decision. The image goes
 * through the same decoder, preprocessing and model session as embedding, and the score through the
 * same core scorer as evaluation, so the answer agrees with the run's metrics.
 */
@ApplicationScoped
public class Classifier {
    @Inject
    ModelHolder models;
    @Inject
    RunHeads runs;
    @Inject
    EmbedderConfig config;
    @Inject
    ImageInput images;

    // One row against C×D weights is ~0.5 M multiply-adds: plain Java beats prepacking the weights into an
    // ONNX Runtime session on every call (that cost ~20 ms per request).
    private final OpenSetClassifier classifier = new OpenSetClassifier(Gemms.pureJava());
    private final Map<String, ClassList> classLists = new ConcurrentHashMap<>();

    /** What the caller asked; null parts of head/k/seed mean "best by AUROC". */
    public record Query(String runId, String head, Integer k, Long seed, String score, Double threshold, int top) {
    }

    public Map<String, Object> classify(byte[] image, String name, Query q) {
        if (q.runId() == null || q.runId().isBlank()) {
            throw new ClassifyException(400, "the run is required (query parameter run)");
        }
        if (q.top() < 1 || q.top() > 100) {
            throw new ClassifyException(400, "top must be in [1, 100], got " + q.top());
        }
        String dataset = runs.datasetOf(q.runId());
        String runModel = runs.modelOf(q.runId());
        if (runModel != null && !runModel.equals(models.modelId())) {
            throw new ClassifyException(409, "run '" + q.runId() + "' was trained on vectors of model '" + runModel
                    + "'; this embedder serves '" + models.modelId() + "', whose vectors its heads cannot score");
        }
        String scoreId = q.score() != null ? q.score() : defaultScore(q.runId());
        OodScore score;
        try {
            score = OodScore.fromId(scoreId);
        } catch (IllegalArgumentException e) {
            throw new ClassifyException(400, e.getMessage());
        }
        RunHeads.Key key = runs.resolve(q.runId(), q.head(), q.k(), q.seed(), score.id());
        Head head = runs.head(key);
        double threshold;
        String thresholdSource;
        if (q.threshold() != null) {
            threshold = q.threshold();
            thresholdSource = "request";
        } else {
            Double measured = runs.threshold95(key, score.id());
            if (measured == null) {
                throw new ClassifyException(409, "run '" + q.runId() + "' stored no 95%-TPR threshold for " + key.head()
                        + " K=" + key.k() + " seed " + key.seed() + " and score " + score.id() + "; pass threshold=");
            }
            threshold = measured;
            thresholdSource = "run: 95% of ID test images accepted";
        }
        long t0 = System.nanoTime();
        float[] vector = embed(image, name);
        OpenSetClassifier.Result r;
        try {
            r = classifier.classify(head, vector, score, threshold, q.top());
        } catch (IllegalArgumentException e) {
            throw new ClassifyException(400, e.getMessage());
        }
        return answer(q, key, score, r, thresholdSource, names(dataset), (System.nanoTime() - t0) / 1e6);
    }

    private float[] embed(byte[] image, String name) {
        RgbImage img;
        try {
            img = images.decoder().decode(image, name);
        } catch (ImageDecodeException e) {
            int status = switch (e.reason()) {
                case TOO_LARGE -> 413;
                case UNSUPPORTED -> 415;
                default -> 422;
            };
            throw new ClassifyException(status, e.getMessage());
        }
        ClipModel model;
        try {
            model = models.get();
        } catch (ModelException e) {
            throw new ClassifyException(503, "the CLIP model is not available: " + e.getMessage());
        }
        FloatBuffer px = ClipVisionEncoder.allocatePixels(1);
        images.preprocessor().preprocess(img, px, 0);
        return model.vision().embed(px, 1);
    }

    private String defaultScore(String runId) {
        List<String> asked = runs.scores(runId);
        return asked.isEmpty() || asked.contains("msp") ? "msp" : asked.get(0);
    }

    /** Class names of the dataset, from the class list its text split was embedded with (labels only if unknown). */
    private ClassList names(String dataset) {
        String spec = runs.classListOf(dataset);
        if (spec == null) {
            return null;
        }
        return classLists.computeIfAbsent(dataset + "|" + spec, s -> {
            try {
                return spec.equals("imagenet") ? ClassList.imagenet()
                        : ClassList.fromFile(new DataRoots(config.dataRoots()).resolve(spec));
            } catch (RuntimeException e) {
                return null; // names are a convenience: the answer stands with class indices
            }
        });
    }

    private static Map<String, Object> answer(Query q, RunHeads.Key key, OodScore score, OpenSetClassifier.Result r,
                                              String thresholdSource, ClassList names, double millis) {
        List<Map<String, Object>> top = new ArrayList<>();
        for (OpenSetClassifier.Ranked c : r.top()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("class_index", c.classIndex());
            if (names != null && c.classIndex() < names.size()) {
                m.put("label", names.label(c.classIndex()));
                m.put("name", names.name(c.classIndex()));
            }
            m.put("probability", c.probability());
            top.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("run_id", key.runId());
        out.put("head", key.head());
        out.put("k", key.k());
        out.put("seed", key.seed());
        out.put("chosen", q.head() == null || q.k() == null || q.seed() == null ? "best AUROC of the run" : "request");
        out.put("ood_score", score.id());
        out.put("score", r.score());
        out.put("threshold", r.threshold());
        out.put("threshold_source", thresholdSource);
        out.put("decision", r.known() ? "known" : "unknown");
        out.put("top", top);
        out.put("millis", millis);
        return out;
    }
}

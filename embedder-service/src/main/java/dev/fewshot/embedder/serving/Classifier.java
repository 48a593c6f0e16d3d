package dev.fewshot.embedder.serving;

import dev.fewshot.core.conformal.Alpha;
import dev.fewshot.core.conformal.BenjaminiHochberg;
import dev.fewshot.core.conformal.PValues;
import dev.fewshot.core.conformal.SetScores;
import dev.fewshot.contracts.Ids;
import dev.fewshot.core.heads.Head;
import dev.fewshot.core.heads.HeadKind;
import dev.fewshot.core.linalg.Gemms;
import dev.fewshot.core.ood.OodScore;
import dev.fewshot.core.serving.OpenSetClassifier;
import dev.fewshot.core.sweep.PlotRows;
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

    /**
     * What the caller asked; null parts of head/k/seed mean "best by AUROC". A null alpha means
     * {@link Alpha#DEFAULT}; a threshold, when given, decides instead of the conformal p-value.
     */
    public record Query(String runId, String head, Integer k, Long seed, String score, Double threshold, int top,
                        Double alpha, String set) {
        public Query(String runId, String head, Integer k, Long seed, String score, Double threshold, int top) {
            this(runId, head, k, seed, score, threshold, top, null, null);
        }
    }

    /**
     * The run and head the query names, checked before they reach the database: a control character or an id longer
     * than any stored one is the request's 400 naming it, not a database error.
     */
    private static void checkTarget(Query q) {
        if (q.runId() == null || q.runId().isBlank()) {
            throw new ClassifyException(400, "the run is required (query parameter run)");
        }
        try {
            Ids.check("run", q.runId());
            if (q.head() != null) {
                HeadKind.fromId(q.head());
            }
        } catch (IllegalArgumentException e) {
            throw new ClassifyException(400, e.getMessage());
        }
    }

    public Map<String, Object> classify(byte[] image, String name, Query q) {
        checkTarget(q);
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
        double alpha;
        SetScores.Method method;
        try {
            alpha = Alpha.checked(q.alpha() == null ? Alpha.DEFAULT : q.alpha());
            method = SetScores.Method.fromId(q.set() == null ? SetScores.Method.LAC.id() : q.set());
        } catch (IllegalArgumentException e) {
            throw new ClassifyException(400, e.getMessage());
        }
        RunHeads.Key key = runs.resolve(q.runId(), q.head(), q.k(), q.seed(), score.id());
        Head head = runs.head(key);
        Double measured = runs.threshold95(key, score.id());
        double[] calibration = runs.conformalScores(key, score.id());
        double[] setCalibration = runs.conformalScores(key, PlotRows.ConformalScores.SET_PREFIX + method.id());
        boolean conformal = calibration != null && setCalibration != null;
        double threshold;
        String thresholdSource;
        if (q.threshold() != null) {
            threshold = q.threshold();
            thresholdSource = "request";
        } else if (measured != null) {
            threshold = measured;
            thresholdSource = "run: 95% of the ID evaluation rows accepted (measured on the rows the metrics report)";
        } else if (conformal) {
            threshold = Double.NaN;
            thresholdSource = null;
        } else {
            throw new ClassifyException(409, "run '" + q.runId() + "' stored no 95%-TPR threshold and no conformal"
                    + " calibration for " + key.head() + " K=" + key.k() + " seed " + key.seed() + " and score "
                    + score.id() + "; pass threshold=");
        }
        long t0 = System.nanoTime();
        float[] vector = embed(image, name);
        OpenSetClassifier.Result r;
        OpenSetClassifier.ConformalAnswer cp = null;
        try {
            r = classifier.classify(head, vector, score, Double.isNaN(threshold) ? Double.NEGATIVE_INFINITY : threshold,
                    q.top());
            if (conformal) {
                cp = classifier.conformal(head, vector, r.score(), PValues.ofSorted(calibration), method, setCalibration,
                        alpha);
            }
        } catch (IllegalArgumentException e) {
            throw new ClassifyException(400, e.getMessage());
        }
        return answer(q, key, score, r, Double.isNaN(threshold) ? null : threshold, thresholdSource, cp,
                names(dataset), (System.nanoTime() - t0) / 1e6);
    }

    /**
     * Several images with one head: each answered as by {@link #classify}, then Benjamini–Hochberg on their conformal
     * p-values at level alpha. The head, K and seed are resolved once (from the first image's request), so every
     * image is judged by the same head. An image that cannot be read gets an error entry and no BH decision.
     */
    public Map<String, Object> classifyBatch(List<byte[]> images, List<String> names, Query q) {
        checkTarget(q); // the request, not an image: the whole batch fails
        try {
            Alpha.checked(q.alpha() == null ? Alpha.DEFAULT : q.alpha());
            SetScores.Method.fromId(q.set() == null ? SetScores.Method.LAC.id() : q.set());
            if (q.score() != null) {
                OodScore.fromId(q.score());
            }
        } catch (IllegalArgumentException e) {
            throw new ClassifyException(400, e.getMessage()); // the request, not an image: the whole batch fails
        }
        if (q.top() < 1 || q.top() > 100) {
            throw new ClassifyException(400, "top must be in [1, 100], got " + q.top());
        }
        Query fixed = q;
        List<Map<String, Object>> answers = new ArrayList<>();
        List<Integer> withP = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("image", names.get(i));
            try {
                if (images.get(i) == null) {
                    throw new ClassifyException(400, "cannot read the uploaded image");
                }
                Map<String, Object> r = classify(images.get(i), names.get(i), fixed);
                if (r.get("conformal") == null) {
                    throw new ClassifyException(409, "run '" + q.runId() + "' has no conformal calibration for this"
                            + " head; a batch needs p-values");
                }
                // every later image uses the head the first one resolved to
                fixed = new Query(q.runId(), (String) r.get("head"), (Integer) r.get("k"), (Long) r.get("seed"),
                        (String) r.get("ood_score"), null, q.top(), q.alpha(), q.set());
                a.putAll(r);
                withP.add(i);
            } catch (ClassifyException e) {
                if (e.status() == 404 || e.status() == 409 || e.status() == 503) {
                    throw e; // the run, head or service, not the image: the whole batch fails
                }
                a.put("error", e.getMessage());
                a.put("status", e.status());
            }
            answers.add(a);
        }
        double alpha = q.alpha() == null ? Alpha.DEFAULT : q.alpha();
        double[] p = new double[withP.size()];
        for (int j = 0; j < p.length; j++) {
            @SuppressWarnings("unchecked")
            Map<String, Object> cp = (Map<String, Object>) answers.get(withP.get(j)).get("conformal");
            p[j] = (Double) cp.get("p_value");
        }
        boolean[] flagged = p.length == 0 ? new boolean[0] : BenjaminiHochberg.flag(p, alpha);
        int count = 0;
        for (int j = 0; j < p.length; j++) {
            answers.get(withP.get(j)).put("bh_ood", flagged[j]);
            count += flagged[j] ? 1 : 0;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("alpha", alpha);
        out.put("fdr_rule", "Benjamini-Hochberg on the conformal p-values: at most a share alpha of the images flagged"
                + " bh_ood are in-distribution, in expectation (docs/conformal.md)");
        out.put("images", answers.size());
        out.put("answered", p.length);
        out.put("bh_ood_count", count);
        out.put("answers", answers);
        return out;
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
                        : ClassList.fromFile(new DataRoots(config.embedder().dataRoots()).resolve(spec));
            } catch (RuntimeException e) {
                return null; // names are a convenience: the answer stands with class indices
            }
        });
    }

    private static Map<String, Object> answer(Query q, RunHeads.Key key, OodScore score, OpenSetClassifier.Result r,
                                              Double threshold, String thresholdSource,
                                              OpenSetClassifier.ConformalAnswer cp, ClassList names, double millis) {
        List<Map<String, Object>> top = new ArrayList<>();
        for (OpenSetClassifier.Ranked c : r.top()) {
            top.add(ranked(c, names));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("run_id", key.runId());
        out.put("head", key.head());
        out.put("k", key.k());
        out.put("seed", key.seed());
        out.put("chosen", q.head() == null || q.k() == null || q.seed() == null ? "best AUROC of the run" : "request");
        out.put("ood_score", score.id());
        out.put("score", r.score());
        // the decision: a threshold the caller gave, else the conformal p-value, else the run's 95%-TPR threshold
        boolean byThreshold = q.threshold() != null || cp == null;
        boolean known = byThreshold ? r.score() >= threshold : cp.known();
        out.put("decision", known ? "known" : "unknown");
        out.put("decision_rule", byThreshold ? "score >= threshold (" + thresholdSource + ")"
                : "conformal p_value > alpha (docs/conformal.md)");
        out.put("threshold", threshold);
        out.put("threshold_source", thresholdSource);
        out.put("threshold_decision", threshold == null ? null : r.score() >= threshold ? "known" : "unknown");
        if (cp != null) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("alpha", cp.alpha());
            c.put("p_value", cp.pValue());
            c.put("decision", cp.known() ? "known" : "unknown");
            c.put("calibration_rows", cp.calibrationRows());
            c.put("set_method", cp.method().id());
            c.put("set_threshold", Double.isInfinite(cp.setThreshold()) ? null : cp.setThreshold());
            List<Map<String, Object>> set = new ArrayList<>();
            for (OpenSetClassifier.Ranked m : cp.set()) {
                set.add(ranked(m, names));
            }
            c.put("prediction_set", set);
            c.put("set_meaning", set.isEmpty() ? "none of the known classes"
                    : set.size() == 1 ? "one known class" : "one of these known classes");
            out.put("conformal", c);
        } else {
            out.put("conformal", null);
        }
        out.put("top", top);
        out.put("millis", millis);
        return out;
    }

    private static Map<String, Object> ranked(OpenSetClassifier.Ranked c, ClassList names) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class_index", c.classIndex());
        if (names != null && c.classIndex() < names.size()) {
            m.put("label", names.label(c.classIndex()));
            m.put("name", names.name(c.classIndex()));
        }
        m.put("probability", c.probability());
        return m;
    }
}

package dev.fewshot.trainer.runs;

import dev.fewshot.contracts.Provenance;
import dev.fewshot.core.heads.HeadCodec;
import dev.fewshot.core.heads.HeadKind;
import dev.fewshot.core.provenance.Versions;
import dev.fewshot.core.sweep.SweepConfig;
import dev.fewshot.core.sweep.Trainers;
import dev.fewshot.core.sweep.Sweep;
import dev.fewshot.vectors.SplitData;
import java.util.LinkedHashMap;
import java.util.Map;

/** The provenance the trainer stores with each fitted head: software, data publications, settings and outcome. */
final class FitProvenance {
    private static final Map<String, String> SOFTWARE = Versions.runtime();

    private FitProvenance() {
    }

    static Provenance of(TrainingData data, Sweep.FittedHead fitted, SweepConfig cfg) {
        Sweep.Step step = fitted.step();
        HeadKind kind = step.head();
        // the splits this head was fitted from: shots from train, class text, NegLabel's candidates for zero-shot
        Map<String, String> publications = new LinkedHashMap<>();
        Map<String, Long> rows = new LinkedHashMap<>();
        for (SplitData s : new SplitData[] {kind.usesShots() ? data.train() : null, kind.needsText() ? data.text() : null,
                kind == HeadKind.ZERO_SHOT ? data.negatives() : null}) {
            if (s != null) {
                publications.put(s.split().id(), s.publication());
                rows.put(s.split().id(), (long) s.size());
            }
        }
        var solver = fitted.head().solver().orElse(null);
        return new Provenance(Provenance.VERSION, Provenance.FIT, SOFTWARE, data.modelId(), data.datasetId(),
                publications, rows, step.head().id(), step.k(), step.seed(), fitted.supportSize(),
                fitted.shortClasses(), hyperparameters(step.head(), fitted, cfg),
                solver == null ? null : solver.stop().label(),
                solver == null ? null : solver.iterations(), HeadCodec.VERSION);
    }

    /** What the head was fitted with: the chosen value and where it came from (the request, or the fit's search). */
    private static Map<String, Object> hyperparameters(HeadKind kind, Sweep.FittedHead fitted, SweepConfig cfg) {
        Map<String, Object> h = new LinkedHashMap<>();
        double hyper = Trainers.hyper(fitted.head());
        switch (kind) {
            case LINEAR, LINEAR_ZS -> {
                h.put("c", hyper);
                // LinearTrainer: the request's C, else the search over its grid when K >= 2, else its K = 1 default
                h.put("c_from", cfg.linearC() != null ? "request" : fitted.step().k() >= 2 ? "cross-validation"
                        : "default for K = 1");
                h.put("max_iter", cfg.linearMaxIter());
            }
            case GAUSSIAN, GDA -> {
                h.put("shrinkage", hyper);
                h.put("shrinkage_setting", cfg.gaussianShrinkage().toString());
            }
            case TIP_ADAPTER -> {
                h.put("alpha", hyper);
                h.put("beta", Trainers.beta(fitted.head()));
            }
            default -> {
                if (!Double.isNaN(hyper)) {
                    h.put("hyper", hyper);
                }
            }
        }
        return h;
    }
}

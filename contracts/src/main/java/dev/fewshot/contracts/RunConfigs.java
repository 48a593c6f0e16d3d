package dev.fewshot.contracts;

import dev.fewshot.core.sweep.SweepDefaults;
import dev.fewshot.core.heads.linear.SolverOptions;

import dev.fewshot.core.conformal.Alpha;
import dev.fewshot.core.heads.HeadKind;
import dev.fewshot.core.metrics.Bootstrap;
import dev.fewshot.core.heads.gaussian.Shrinkage;
import dev.fewshot.core.ood.OodScore;
import dev.fewshot.core.sweep.SweepConfig;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Turns a run request into the core's sweep config; bad values give a message naming the field. */
public final class RunConfigs {
    private RunConfigs() {
    }

    /** @throws IllegalArgumentException naming the offending field and value */
    public static SweepConfig toSweepConfig(RunRequest request) {
        RunRequest r = request.withDefaults();
        List<HeadKind> heads = new ArrayList<>();
        for (String h : r.heads()) {
            heads.add(HeadKind.fromId(h));
        }
        Set<OodScore> scores = EnumSet.noneOf(OodScore.class);
        for (String s : r.oodScores()) {
            scores.add(OodScore.fromId(s));
        }
        for (Integer k : r.shots()) {
            if (k == null || k < 0 || k > 1024) {
                throw new IllegalArgumentException("shots: " + k + " is not a K in [0, 1024]");
            }
        }
        RunRequest.Options o = r.options();
        Double c = o.linearC();
        Shrinkage shrinkage = o.gaussianShrinkage() == null ? SweepDefaults.gaussianShrinkage()
                : Shrinkage.parse(o.gaussianShrinkage());
        int maxIter = o.linearMaxIter() == null ? SolverOptions.DEFAULT_MAX_ITER : o.linearMaxIter();
        int bootstrap = o.bootstrap() == null ? Bootstrap.DEFAULT_RESAMPLES : o.bootstrap();
        double alpha = r.alpha() == null ? Alpha.DEFAULT : r.alpha();
        return new SweepConfig(r.shots(), r.seeds(), heads, scores, c, shrinkage, maxIter, bootstrap, alpha);
    }
}

package dev.fewshot.core.sweep;

import dev.fewshot.core.heads.SolverOutcome;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One result: a head fitted with K shots and one seed, evaluated with one OOD score. The same
 * shape is written by {@code fewshot sweep --out} and stored by the evaluator service.
 *
 * @param accuracy     top-1 accuracy on the ID test set
 * @param auroc        ID-positive AUROC of the OOD score
 * @param fpr95        fraction of OOD rows accepted at the threshold that accepts 95% of ID rows
 * @param ece          15-bin expected calibration error on ID
 * @param confId       mean max softmax probability on ID
 * @param confOod      mean max softmax probability on OOD
 * @param hyper        the head's chosen hyper-parameter (C for linear heads, α for Gaussian; NaN otherwise)
 * @param supportSize  rows in the support set (0 for zero-shot)
 * @param shortClasses classes that had fewer than K rows
 * @param solver       how the head's iterative solver ended (linear heads); null for closed-form heads
 */
public record ResultRow(String head, int k, long seed, String oodScore, double accuracy, double auroc, double fpr95,
                        double auprIn, double auprOut, double ece, double confId, double confOod, double hyper,
                        int supportSize, int shortClasses, long fitMs, long scoreMs, SolverOutcome solver) {

    /** The fields of a row, in the order of JSON lines, CSV and the REST API (docs/metrics.md). */
    public static final List<String> COLUMNS = List.of("head", "k", "seed", "ood_score", "accuracy", "auroc", "fpr95",
            "aupr_in", "aupr_out", "ece", "conf_id", "conf_ood", "hyper", "support_size", "short_classes", "fit_ms",
            "score_ms", "solver_stop", "solver_iterations");

    /**
     * The row as {@link #COLUMNS} → value: numbers, strings, and null for a missing hyper-parameter
     * (NaN) or solver outcome. Every writer of rows (JSON lines, CSV, REST) goes through this.
     */
    public Map<String, Object> fields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("head", head);
        m.put("k", k);
        m.put("seed", seed);
        m.put("ood_score", oodScore);
        m.put("accuracy", accuracy);
        m.put("auroc", auroc);
        m.put("fpr95", fpr95);
        m.put("aupr_in", auprIn);
        m.put("aupr_out", auprOut);
        m.put("ece", ece);
        m.put("conf_id", confId);
        m.put("conf_ood", confOod);
        m.put("hyper", Double.isNaN(hyper) ? null : hyper);
        m.put("support_size", supportSize);
        m.put("short_classes", shortClasses);
        m.put("fit_ms", fitMs);
        m.put("score_ms", scoreMs);
        m.put("solver_stop", solver == null ? null : solver.stop().label());
        m.put("solver_iterations", solver == null ? null : solver.iterations());
        return m;
    }

    /** The solver outcome from its two stored columns (both null for closed-form heads). */
    public static SolverOutcome solverOf(String stop, Integer iterations) {
        if (stop == null && iterations == null) {
            return null;
        }
        if (stop == null || iterations == null) {
            throw new IllegalArgumentException("solver_stop and solver_iterations are set together, got "
                    + stop + " and " + iterations);
        }
        return new SolverOutcome(SolverOutcome.Stop.fromLabel(stop), iterations);
    }

    /** The same row for another shot seed (zero-shot's one evaluation stands for every seed). */
    public ResultRow withSeed(long newSeed) {
        return new ResultRow(head, k, newSeed, oodScore, accuracy, auroc, fpr95, auprIn, auprOut, ece, confId, confOod,
                hyper, supportSize, shortClasses, fitMs, scoreMs, solver);
    }

    /** True when a solver ran and stopped for a reason other than convergence. */
    public boolean unconverged() {
        return solver != null && !solver.converged();
    }
}

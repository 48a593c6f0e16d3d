package dev.fewshot.evaluator.api;

import java.util.List;

/** The fields of a result row, in the order and with the names of {@code fewshot sweep --out} (docs/metrics.md). */
final class ResultColumns {
    static final List<String> NAMES = List.of("head", "k", "seed", "ood_score", "accuracy", "auroc", "fpr95",
            "aupr_in", "aupr_out", "ece", "conf_id", "conf_ood", "hyper", "support_size", "short_classes", "fit_ms",
            "score_ms");

    private ResultColumns() {
    }
}

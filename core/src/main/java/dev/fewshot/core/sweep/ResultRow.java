package dev.fewshot.core.sweep;

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
 */
public record ResultRow(String head, int k, long seed, String oodScore, double accuracy, double auroc, double fpr95,
                        double auprIn, double auprOut, double ece, double confId, double confOod, double hyper,
                        int supportSize, int shortClasses, long fitMs, long scoreMs) {
}

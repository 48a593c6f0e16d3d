package dev.fewshot.store.entities;

import java.io.Serializable;
import java.util.Objects;

/**
 * The primary key (run_id, head, k, seed, ood_score) shared by the per-score tables: metrics and
 * score_histograms (one row each per head × K × seed × OOD score).
 */
public class ResultKey implements Serializable {
    public String runId;
    public String head;
    public Integer k;
    public Long seed;
    public String oodScore;

    @Override
    public boolean equals(Object o) {
        return o instanceof ResultKey other && Objects.equals(runId, other.runId) && Objects.equals(head, other.head)
                && Objects.equals(k, other.k) && Objects.equals(seed, other.seed)
                && Objects.equals(oodScore, other.oodScore);
    }

    @Override
    public int hashCode() {
        return Objects.hash(runId, head, k, seed, oodScore);
    }
}

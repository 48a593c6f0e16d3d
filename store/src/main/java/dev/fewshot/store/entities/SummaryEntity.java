package dev.fewshot.store.entities;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.hibernate.annotations.Immutable;

/** A row of the {@code results_summary} view: mean and spread over seeds per head × K × OOD score. */
@Entity
@Immutable
@Table(name = "results_summary")
@IdClass(SummaryEntity.Key.class)
public class SummaryEntity extends PanacheEntityBase {
    @Id
    @Column(name = "run_id")
    public String runId;

    @Id
    @Column(name = "head")
    public String head;

    @Id
    @Column(name = "k")
    public Integer k;

    @Id
    @Column(name = "ood_score")
    public String oodScore;

    @Column(name = "seeds")
    public Long seeds;

    @Column(name = "accuracy_mean")
    public Double accuracyMean;

    @Column(name = "accuracy_std")
    public Double accuracyStd;

    @Column(name = "auroc_mean")
    public Double aurocMean;

    @Column(name = "auroc_std")
    public Double aurocStd;

    @Column(name = "fpr95_mean")
    public Double fpr95Mean;

    @Column(name = "fpr95_std")
    public Double fpr95Std;

    @Column(name = "aupr_in_mean")
    public Double auprInMean;

    @Column(name = "aupr_out_mean")
    public Double auprOutMean;

    @Column(name = "ece_mean")
    public Double eceMean;

    @Column(name = "conf_id_mean")
    public Double confIdMean;

    @Column(name = "conf_ood_mean")
    public Double confOodMean;

    /** The summary rows of a run ordered by head, k, OOD score. */
    public static List<SummaryEntity> ofRun(String runId) {
        return list("runId", Sort.by("head").and("k").and("oodScore"), runId);
    }


    /** The view's grouping key (run_id, head, k, ood_score). */
    public static class Key implements Serializable {
        public String runId;
        public String head;
        public Integer k;
        public String oodScore;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && Objects.equals(runId, other.runId) && Objects.equals(head, other.head)
                    && Objects.equals(k, other.k) && Objects.equals(oodScore, other.oodScore);
        }

        @Override
        public int hashCode() {
            return Objects.hash(runId, head, k, oodScore);
        }
    }
}

package dev.fewshot.store.entities;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.util.List;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A row of {@code score_histograms} (V3): ID/OOD score histogram of one head × K × seed × OOD score. Read-only. */
@Entity
@Immutable
@Table(name = "score_histograms")
@IdClass(ResultKey.class)
public class HistogramEntity extends PanacheEntityBase {
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
    @Column(name = "seed")
    public Long seed;

    @Id
    @Column(name = "ood_score")
    public String oodScore;

    @Column(name = "lo")
    public double lo;

    @Column(name = "hi")
    public double hi;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "id_counts")
    public int[] idCounts;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "ood_counts")
    public int[] oodCounts;

    @Column(name = "threshold95")
    public double threshold95;

    public static List<HistogramEntity> ofRun(String runId) {
        return list("runId", Sort.by("head").and("k").and("seed").and("oodScore"), runId);
    }
}

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
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A row of {@code reliability} (V3): the 15 ECE bins of one head × K × seed, as parallel arrays. Read-only. */
@Entity
@Immutable
@Table(name = "reliability")
@IdClass(ReliabilityEntity.Key.class)
public class ReliabilityEntity extends PanacheEntityBase {
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

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "counts")
    public int[] counts;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "mean_confidence")
    public double[] meanConfidence;

    @JdbcTypeCode(SqlTypes.ARRAY)
    @Column(name = "accuracy")
    public double[] accuracy;

    public static List<ReliabilityEntity> ofRun(String runId) {
        return list("runId", Sort.by("head").and("k").and("seed"), runId);
    }

    /** The primary key (run_id, head, k, seed). */
    public static class Key implements Serializable {
        public String runId;
        public String head;
        public Integer k;
        public Long seed;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && Objects.equals(runId, other.runId) && Objects.equals(head, other.head)
                    && Objects.equals(k, other.k) && Objects.equals(seed, other.seed);
        }

        @Override
        public int hashCode() {
            return Objects.hash(runId, head, k, seed);
        }
    }
}

package dev.fewshot.evaluator.persistence.entities;

import dev.fewshot.core.heads.HeadKind;
import dev.fewshot.core.sweep.ResultRow;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.annotations.Immutable;

/** A row of {@code metrics}: one head × K × seed × OOD score of a run. Read-only (written by RunStore). */
@Entity
@Immutable
@Table(name = "metrics")
@IdClass(ResultKey.class)
public class MetricEntity extends PanacheEntityBase {
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

    @Column(name = "accuracy")
    public Double accuracy;

    @Column(name = "auroc")
    public Double auroc;

    @Column(name = "fpr95")
    public Double fpr95;

    @Column(name = "aupr_in")
    public Double auprIn;

    @Column(name = "aupr_out")
    public Double auprOut;

    @Column(name = "ece")
    public Double ece;

    @Column(name = "conf_id")
    public Double confId;

    @Column(name = "conf_ood")
    public Double confOod;

    @Column(name = "hyper")
    public Double hyper;

    @Column(name = "support_size")
    public Integer supportSize;

    @Column(name = "short_classes")
    public Integer shortClasses;

    @Column(name = "fit_ms")
    public Long fitMs;

    @Column(name = "score_ms")
    public Long scoreMs;

    @Column(name = "solver_stop")
    public String solverStop;

    @Column(name = "solver_iterations")
    public Integer solverIterations;

    /** The stored row as the core's result row (a null hyper becomes NaN, as the sweep writes it). */
    public ResultRow toRow() {
        return new ResultRow(head, k, seed, oodScore, accuracy, auroc, fpr95, auprIn, auprOut, ece, confId, confOod,
                hyper == null ? Double.NaN : hyper, supportSize, shortClasses, fitMs, scoreMs,
                ResultRow.solverOf(solverStop, solverIterations));
    }

    /** The result rows of a run in the order of {@code fewshot sweep --out}: head, k, seed, OOD score. */
    public static List<MetricEntity> ofRun(String runId) {
        return list("runId", Sort.by("head").and("k").and("seed").and("oodScore"), runId);
    }

    /**
     * Steps with metrics per run: distinct (head, k, seed), the zero-shot head counted once over its seeds,
     * the same count as RunStore.DONE_STEPS_SQL. Runs without metrics are absent.
     */
    public static Map<String, Long> doneSteps(Collection<String> runIds) {
        if (runIds.isEmpty()) {
            return Map.of();
        }
        List<Object[]> rows = getEntityManager().createQuery("select distinct m.runId, m.head, m.k, m.seed"
                + " from MetricEntity m where m.runId in :ids", Object[].class)
                .setParameter("ids", runIds).getResultList();
        Map<String, Set<List<Object>>> steps = new HashMap<>();
        for (Object[] r : rows) {
            Object seed = HeadKind.ZERO_SHOT.id().equals(r[1]) ? null : r[3];
            steps.computeIfAbsent((String) r[0], id -> new HashSet<>()).add(Arrays.asList(r[1], r[2], seed));
        }
        Map<String, Long> done = new HashMap<>();
        steps.forEach((id, s) -> done.put(id, (long) s.size()));
        return done;
    }
}

package dev.fewshot.evaluator.api;

import dev.fewshot.core.metrics.ScoreHistogram;
import dev.fewshot.core.sweep.PlotRows;
import dev.fewshot.core.sweep.ResultRow;
import dev.fewshot.store.entities.HistogramEntity;
import dev.fewshot.store.entities.MetricEntity;
import dev.fewshot.store.entities.ReliabilityEntity;
import dev.fewshot.report.ReportInput;
import dev.fewshot.report.RunReport;
import dev.fewshot.report.RunProvenance;
import dev.fewshot.store.tables.DatasetsTable;
import dev.fewshot.store.tables.HeadsTable;
import dev.fewshot.store.tables.PlotsTable;
import dev.fewshot.contracts.Provenance;
import dev.fewshot.store.entities.RunEntity;
import java.util.List;
import java.util.Map;

/** Reads a run's report data through the read-only entities and renders the report module's page (charts inline). */
final class ReportPages {
    private ReportPages() {
    }

    /** @param score the OOD score to show, or null for the default */
    static String report(RunEntity r, long done, String score) {
        List<ResultRow> rows = MetricEntity.rowsOf(r.runId);
        List<PlotRows.Histogram> hs = HistogramEntity.ofRun(r.runId).stream().map(h -> new PlotRows.Histogram(h.head,
                h.k, h.seed, h.oodScore, new ScoreHistogram(h.lo, h.hi, h.idCounts, h.oodCounts, h.threshold95)))
                .toList();
        List<PlotRows.Reliability> rel = ReliabilityEntity.ofRun(r.runId).stream().map(ReportPages::reliability)
                .toList();
        ReportInput.RunInfo info = new ReportInput.RunInfo(r.runId, r.datasetId, modelOf(r.datasetId), r.status,
                r.reason, r.request, done, r.totalSteps, r.createdAt == null ? null : r.createdAt.toString());
        return RunReport.render(new ReportInput(info, rows, hs, rel, RunProvenance.of(provenance(r.runId))),
                RunReport.ChartMode.INLINE, score).html();
    }

    static PlotRows.Reliability reliability(ReliabilityEntity e) {
        return new PlotRows.Reliability(e.head, e.k, e.seed, PlotsTable.bins(e.counts, e.meanConfidence, e.accuracy));
    }

    /** What the run's stored heads and evaluated steps recorded (heads.provenance, evaluations; V10). */
    static List<Provenance> provenance(String runId) {
        return RunEntity.getSession().doReturningWork(c -> HeadsTable.provenance(c, runId));
    }

    /** The dataset's embedding model, when the vectors said (datasets.model_id). */
    static String modelOf(String datasetId) {
        return RunEntity.getSession().doReturningWork(c -> DatasetsTable.modelOf(c, datasetId)).orElse(null);
    }
}

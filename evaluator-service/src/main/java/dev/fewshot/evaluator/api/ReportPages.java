package dev.fewshot.evaluator.api;

import dev.fewshot.core.metrics.Calibration;
import dev.fewshot.core.metrics.ScoreHistogram;
import dev.fewshot.core.sweep.PlotRows;
import dev.fewshot.core.sweep.ResultRow;
import dev.fewshot.evaluator.persistence.entities.HistogramEntity;
import dev.fewshot.evaluator.persistence.entities.MetricEntity;
import dev.fewshot.evaluator.persistence.entities.ReliabilityEntity;
import dev.fewshot.report.ReportInput;
import dev.fewshot.report.RunReport;
import dev.fewshot.report.Versions;
import dev.fewshot.service.persistence.RunEntity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads a run's report data through the read-only entities and renders the report module's page (charts inline). */
final class ReportPages {
    /** Versions of this process: read once, they do not change while it runs. */
    private static final Map<String, String> VERSIONS = Versions.runtime();

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
        ReportInput.RunInfo info = new ReportInput.RunInfo(r.runId, r.datasetId, modelId(r.datasetId), r.status,
                r.reason, r.request, done, r.totalSteps, r.createdAt == null ? null : r.createdAt.toString());
        return RunReport.render(new ReportInput(info, rows, hs, rel, VERSIONS), RunReport.ChartMode.INLINE, score).html();
    }

    /** Bin edges are b / B as in Calibration, so they are not stored. */
    static PlotRows.Reliability reliability(ReliabilityEntity e) {
        int bins = e.counts.length;
        List<Calibration.Bin> out = new ArrayList<>(bins);
        for (int b = 0; b < bins; b++) {
            out.add(new Calibration.Bin(b / (double) bins, (b + 1) / (double) bins, e.counts[b], e.meanConfidence[b],
                    e.accuracy[b]));
        }
        return new PlotRows.Reliability(e.head, e.k, e.seed, out);
    }

    /** The dataset's embedding model, when the vectors said (datasets.model_id). */
    private static String modelId(String datasetId) {
        List<?> ids = RunEntity.getEntityManager()
                .createNativeQuery("select model_id from datasets where dataset_id = ?1")
                .setParameter(1, datasetId).getResultList();
        return ids.isEmpty() || ids.get(0) == null ? null : ids.get(0).toString();
    }
}

package dev.fewshot.evaluator.api;

import dev.fewshot.core.sweep.PlotRows;
import dev.fewshot.core.sweep.ResultRow;
import dev.fewshot.report.ReportInput;
import dev.fewshot.report.RunReport;
import dev.fewshot.report.RunProvenance;
import dev.fewshot.store.repositories.DatasetRepository;
import dev.fewshot.store.repositories.HeadRepository;
import dev.fewshot.store.repositories.MetricRepository;
import dev.fewshot.store.repositories.ResultOrder;
import dev.fewshot.store.repositories.PlotRepository;
import dev.fewshot.contracts.Provenance;
import dev.fewshot.store.entities.RunEntity;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Reads a run's report data (entities and store's repositories, on the request's session: no transaction, as every
 * read here) and renders the report module's page (charts inline).
 */
@Singleton
class ReportPages {
    @Inject
    MetricRepository metrics;

    @Inject
    PlotRepository plots;

    @Inject
    HeadRepository heads;

    @Inject
    DatasetRepository datasets;

    /** @param score the OOD score to show, or null for the default */
    String report(RunEntity r, long done, String score) {
        List<ResultRow> rows = metrics.read(r.runId, ResultOrder.BY_HEAD);
        List<PlotRows.Histogram> hs = plots.histograms(r.runId);
        List<PlotRows.Reliability> rel = plots.reliability(r.runId);
        ReportInput.RunInfo info = new ReportInput.RunInfo(r.runId, r.datasetId, modelOf(r.datasetId), r.status,
                r.reason, r.request, done, r.totalSteps, r.createdAt == null ? null : r.createdAt.toString());
        return RunReport.render(new ReportInput(info, rows, hs, rel, RunProvenance.of(provenance(r.runId))),
                RunReport.ChartMode.INLINE, score).html();
    }

    /** What the run's stored heads and evaluated steps recorded (heads.provenance, evaluations; V10). */
    List<Provenance> provenance(String runId) {
        return heads.provenance(runId);
    }

    /** The dataset's embedding model, when the vectors said (datasets.model_id). */
    String modelOf(String datasetId) {
        return datasets.modelOf(datasetId).orElse(null);
    }
}

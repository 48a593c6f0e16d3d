package dev.fewshot.evaluator.api;

import dev.fewshot.core.sweep.PlotRows;
import dev.fewshot.core.sweep.ResultRow;
import dev.fewshot.store.entities.MetricEntity;
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

/** Reads a run's report data (entities and store's tables) and renders the report module's page (charts inline). */
final class ReportPages {
    private ReportPages() {
    }

    /** @param score the OOD score to show, or null for the default */
    static String report(RunEntity r, long done, String score) {
        List<ResultRow> rows = MetricEntity.rowsOf(r.runId);
        List<PlotRows.Histogram> hs = jdbc(c -> PlotsTable.histograms(c, r.runId));
        List<PlotRows.Reliability> rel = jdbc(c -> PlotsTable.reliability(c, r.runId));
        ReportInput.RunInfo info = new ReportInput.RunInfo(r.runId, r.datasetId, modelOf(r.datasetId), r.status,
                r.reason, r.request, done, r.totalSteps, r.createdAt == null ? null : r.createdAt.toString());
        return RunReport.render(new ReportInput(info, rows, hs, rel, RunProvenance.of(provenance(r.runId))),
                RunReport.ChartMode.INLINE, score).html();
    }

    /** What the run's stored heads and evaluated steps recorded (heads.provenance, evaluations; V10). */
    static List<Provenance> provenance(String runId) {
        return jdbc(c -> HeadsTable.provenance(c, runId));
    }

    /** The dataset's embedding model, when the vectors said (datasets.model_id). */
    static String modelOf(String datasetId) {
        return jdbc(c -> DatasetsTable.modelOf(c, datasetId)).orElse(null);
    }

    /** One of store's table reads on the request's Hibernate session connection (no transaction, as every read here). */
    static <T> T jdbc(org.hibernate.jdbc.ReturningWork<T> read) {
        return RunEntity.getSession().doReturningWork(read);
    }
}

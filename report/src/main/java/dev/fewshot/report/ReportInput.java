package dev.fewshot.report;

import dev.fewshot.core.sweep.PlotRows;
import dev.fewshot.core.sweep.ResultRow;
import java.util.List;
import java.util.Map;

/**
 * Everything a run report shows, as read from PostgreSQL by the evaluator (entities) or the CLI (JDBC).
 * A running run simply has fewer rows.
 *
 * @param run          the run's identity, status and request
 * @param rows         result rows (head × K × seed × OOD score)
 * @param histograms   score histograms (same keys as the rows)
 * @param reliability  reliability bins per head × K × seed
 * @param environment  the run's provenance as stored with its heads and evaluations ({@link RunProvenance}), in display order
 */
public record ReportInput(RunInfo run, List<ResultRow> rows, List<PlotRows.Histogram> histograms,
                          List<PlotRows.Reliability> reliability, Map<String, String> environment) {

    /**
     * @param requestJson the stored run request (JSON text)
     * @param modelId     the embedding model of the dataset (request or datasets table), null if unknown
     * @param done        evaluated steps so far
     * @param total       planned steps (null before the trainer has planned)
     * @param createdAt   ISO-8601 time, or null
     */
    public record RunInfo(String runId, String datasetId, String modelId, String status, String reason,
                          String requestJson, long done, Integer total, String createdAt) {
    }
}

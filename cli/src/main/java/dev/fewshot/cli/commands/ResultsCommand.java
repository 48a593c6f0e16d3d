package dev.fewshot.cli.commands;

import dev.fewshot.cli.local.EvaluatorApi;
import dev.fewshot.store.repositories.ResultOrder;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fewshot.cli.output.JsonLines;
import dev.fewshot.cli.output.ResultsTable;
import dev.fewshot.core.sweep.ResultRow;
import dev.fewshot.core.sweep.ResultsCsv;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code fewshot results RUN_ID}: a run's result rows, read through the evaluator's REST API, as the summary table, CSV (the evaluator's
 * {@code /runs/{id}/results?format=csv}, same columns, order and number format) or JSON lines ({@code fewshot sweep --out}).
 */
@Command(name = "results", mixinStandardHelpOptions = true,
        description = "Print a run's results (through the evaluator's REST API): table (mean ± std), csv or json (one object per line).")
public final class ResultsCommand implements Callable<Integer> {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Parameters(index = "0", paramLabel = "RUN_ID", description = "the run")
    String runId;
    @Option(names = "--format", defaultValue = "table", description = "table, csv or json (default: ${DEFAULT-VALUE})")
    String format;
    @Option(names = "--score", defaultValue = "msp", description = "OOD score of the table, or all (default: ${DEFAULT-VALUE})")
    String score;
    @Mixin
    EvaluatorApi evaluator;

    @Override
    public Integer call() throws Exception {
        if (!List.of("table", "csv", "json").contains(format)) {
            throw new IllegalArgumentException("unknown format '" + format + "'; use table, csv or json");
        }
        List<ResultRow> rows = new ArrayList<>(evaluator.results(runId)); // unknown run: IllegalArgumentException
        rows.sort(ResultOrder.AS_SWEEP.comparator()); // JSON lines in the order `fewshot sweep --out` writes
        PrintStream out = System.out;
        switch (format) {
            case "json" -> {
                for (ResultRow r : rows) {
                    out.println(MAPPER.writeValueAsString(JsonLines.toJson(r)));
                }
            }
            case "csv" -> out.print(csv(rows));
            default -> new ResultsTable(score).print(rows, out);
        }
        out.flush();
        return 0;
    }

    /** As the evaluator's CSV: rows by head, k, seed, score; doubles in Java's shortest round-trip form; nulls empty. */
    static String csv(List<ResultRow> rows) {
        List<ResultRow> sorted = new ArrayList<>(rows);
        sorted.sort(ResultOrder.BY_HEAD.comparator());
        return ResultsCsv.write(sorted.stream().map(ResultRow::fields).toList());
    }
}

package dev.fewshot.cli.commands;

import dev.fewshot.cli.local.EvaluatorApi;
import dev.fewshot.report.ReportInput;
import dev.fewshot.report.RunReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code fewshot report RUN_ID --out DIR}: the evaluator's run report as static files (index.html + charts/*.svg). */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Write a run's report (HTML + SVG charts) from PostgreSQL into a folder; works offline.")
public final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_ID", description = "the run")
    String runId;
    @Option(names = "--out", required = true, description = "output folder (index.html, charts/)")
    Path out;
    @Mixin
    EvaluatorApi evaluator;

    @Override
    public Integer call() throws Exception {
        ReportInput input = evaluator.report(runId)
                .orElseThrow(() -> new IllegalArgumentException("unknown run '" + runId + "'"));
        Files.createDirectories(out.resolve("charts"));
        // One page per measured OOD score (index.html is the default one), linked to each other.
        int charts = 0;
        String index = null;
        for (String score : RunReport.scores(input.rows()).isEmpty() ? java.util.List.of(RunReport.DEFAULT_SCORE)
                : RunReport.scores(input.rows())) {
            RunReport.Rendered r = RunReport.render(input, RunReport.ChartMode.FILES,
                    input.rows().isEmpty() ? null : score);
            for (Map.Entry<String, String> f : r.files().entrySet()) {
                Files.writeString(out.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
            }
            charts += r.files().size();
            String page = RunReport.pageFile(score, input.rows());
            if (page.equals("index.html")) {
                index = r.html();
            } else {
                Files.writeString(out.resolve(page), r.html(), StandardCharsets.UTF_8);
            }
        }
        // index.html last: a complete default page means complete charts.
        Path indexFile = out.resolve("index.html");
        Files.writeString(indexFile, index, StandardCharsets.UTF_8);
        System.err.println("report of run " + runId + " (" + input.run().status() + ", " + input.rows().size()
                + " result rows, " + charts + " chart files)");
        System.out.println(indexFile.toAbsolutePath());
        return 0;
    }
}

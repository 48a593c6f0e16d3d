package dev.fewshot.cli.commands;

import dev.fewshot.cli.local.Database;
import dev.fewshot.cli.local.ReportFromPostgres;
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
    Database db;

    @Override
    public Integer call() throws Exception {
        ReportInput input = ReportFromPostgres.read(db.resolve(), runId)
                .orElseThrow(() -> new IllegalArgumentException("unknown run '" + runId + "'"));
        RunReport.Rendered r = RunReport.render(input, RunReport.ChartMode.FILES);
        Files.createDirectories(out.resolve("charts"));
        for (Map.Entry<String, String> f : r.files().entrySet()) {
            Files.writeString(out.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
        }
        Path index = out.resolve("index.html");
        Files.writeString(index, r.html(), StandardCharsets.UTF_8); // last: a complete page means complete charts
        System.err.println("report of run " + runId + " (" + input.run().status() + ", " + input.rows().size()
                + " result rows, " + r.files().size() + " charts)");
        System.out.println(index.toAbsolutePath());
        return 0;
    }
}

package dev.fewshot.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fewshot.core.heads.HeadKind;
import dev.fewshot.core.heads.gaussian.Shrinkage;
import dev.fewshot.core.linalg.Gemms;
import dev.fewshot.core.ood.OodScore;
import dev.fewshot.core.sweep.PlotRows;
import dev.fewshot.core.sweep.ResultRow;
import dev.fewshot.core.sweep.Sweep;
import dev.fewshot.core.sweep.SweepConfig;
import dev.fewshot.core.synth.SyntheticClipData;
import dev.fewshot.cli.Main;
import dev.fewshot.cli.local.Home;
import dev.fewshot.cli.local.LocalDeployment;
import dev.fewshot.store.StandaloneStore;
import dev.fewshot.store.repositories.MetricRepository;
import dev.fewshot.store.repositories.PlotRepository;
import dev.fewshot.store.repositories.ResultOrder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fewshot report and fewshot results as a user of a deployment runs them: through the evaluator's REST API (the CLI
 * opens no database connection), against a local deployment whose PostgreSQL holds a small evaluated run.
 */
class ReportCommandTest {
    @TempDir
    static Path dir;
    static LocalDeployment deployment;
    static List<ResultRow> rows = new ArrayList<>();

    @BeforeAll
    static void database() throws Exception {
        // the services migrate the schema at start
        deployment = LocalDeployment.start(Home.root(), dir.resolve("state"), EndToEndTest.freePort(),
                EndToEndTest.freePort());
        try (Connection c = java.sql.DriverManager.getConnection(deployment.stack().jdbcUrl(),
                deployment.stack().postgres().user(), deployment.stack().postgres().password());
             Statement s = c.createStatement();
             StandaloneStore store = StandaloneStore.on(deployment.stack().jdbcUrl(),
                     deployment.stack().postgres().user(), deployment.stack().postgres().password())) {
            s.execute("insert into runs (run_id, dataset_id, request, status, total_steps) values ('r1', 'synth',"
                    + " '{\"shots\": [0, 1, 2], \"seeds\": [0, 1]}', 'completed', 9)");
            SyntheticClipData.Data data = SyntheticClipData.generate(SyntheticClipData.Params.defaults(10, 32)
                    .withSizes(8, 80, 30));
            SweepConfig cfg = new SweepConfig(List.of(0, 1, 2), List.of(0L, 1L),
                    List.of(HeadKind.ZERO_SHOT, HeadKind.PROTOTYPE, HeadKind.LINEAR), EnumSet.allOf(OodScore.class),
                    1.0, Shrinkage.AUTO, 40);
            Sweep sweep = new Sweep(Gemms.defaultGemm());
            String[] ids = new String[data.trainY().length];
            Arrays.setAll(ids, Integer::toString);
            Sweep.TrainPool pool = new Sweep.TrainPool(data.trainX(), data.trainY(), ids, data.textX().rows());
            for (Sweep.Step step : Sweep.plan(true, cfg)) {
                PlotRows.Evaluated e = sweep.evaluateWithPlots(sweep.fit(step, pool, data.textX(), cfg), data.testX(),
                        data.testY(), data.oodX(), cfg);
                rows.addAll(e.rows());
                insert(store, e);
            }
        }
    }

    /** The evaluator's statements for a step's results, through the store's repositories. */
    private static void insert(StandaloneStore store, PlotRows.Evaluated e) {
        store.inTransaction(session -> {
            new MetricRepository(session).insert("r1", e.rows());
            PlotRepository plots = new PlotRepository(session);
            plots.insertHistograms("r1", e.histograms());
            plots.insertReliability("r1", e.reliability());
            return null;
        });
    }

    @AfterAll
    static void stop() {
        if (deployment != null) {
            deployment.close();
        }
    }

    private String[] db(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--evaluator", deployment.evaluatorUrl()));
        return all.toArray(String[]::new);
    }

    private String stdout(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, Main.run(db(args)));
        } finally {
            System.setOut(old);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void writesTheReportAsStaticFiles(@TempDir Path out) throws Exception {
        stdout("report", "r1", "--out", out.toString());
        String html = Files.readString(out.resolve("index.html"));
        assertTrue(html.contains("<table class=\"results\" data-score=\"msp\">"));
        // index.html: 2 curves + the accuracy/AUROC trade-off (every score, the same chart on every page) + 4 conformal
        // charts + histograms of zero-shot K=0, prototype and linear at K=1,2 + 3 reliability diagrams
        assertEquals(2 + 1 + 4 + 5 + 3, html.split("src=\"charts/").length - 1);
        // One more page per other measured OOD score, linked from index.html, with its own AUROC curve and
        // histograms (a score that does not apply to a head has none for it); every chart file is on some page.
        StringBuilder pages = new StringBuilder(html);
        // (No Gaussian head in this run, so no Mahalanobis score and no page for it.)
        assertTrue(!Files.exists(out.resolve("score-mahalanobis.html")));
        for (String score : List.of("maxlogit", "energy", "maxcos", "mcm")) {
            assertTrue(html.contains("href=\"score-" + score + ".html\""), score);
            String page = Files.readString(out.resolve("score-" + score + ".html"));
            assertTrue(page.contains("<table class=\"results\" data-score=\"" + score + "\">"), score);
            assertTrue(page.contains("src=\"charts/auroc-vs-k-" + score + ".svg\""), score);
            assertTrue(page.contains("src=\"charts/accuracy-vs-k-" + score + ".svg\""), score);
            pages.append(page);
        }
        // Pages do not overwrite each other's charts: the default accuracy curve still has every head's line.
        String accuracy = Files.readString(out.resolve("charts/accuracy-vs-k.svg"));
        assertTrue(accuracy.contains("prototype") && accuracy.contains("linear"), "legend of the accuracy curve");
        try (var charts = Files.list(out.resolve("charts"))) {
            List<Path> svgs = charts.toList();
            assertTrue(svgs.size() > 2 + 5 + 3, svgs.size() + " chart files");
            for (Path svg : svgs) {
                assertTrue(pages.toString().contains("src=\"charts/" + svg.getFileName() + "\""), svg.toString());
                assertTrue(Files.readString(svg).contains("<svg"), svg.toString());
            }
        }
        assertEquals(2, Main.run(db("report", "no-such-run", "--out", out.toString())));
    }

    @Test
    void printsResultsAsJsonCsvAndTable() throws Exception {
        List<String> json = stdout("results", "r1", "--format", "json").lines().toList();
        assertEquals(rows.size(), json.size());
        ObjectMapper mapper = new ObjectMapper();
        JsonNode first = mapper.readTree(json.get(0));
        assertEquals(ResultRow.JSON_FIELDS, iterable(first.fieldNames()));
        // every stored row comes back through PostgreSQL, REST and JSON bit for bit, every field by name, in the order
        // `fewshot sweep --out` writes (seed, K, head, score)
        List<ResultRow> back = new ArrayList<>();
        for (String line : json) {
            back.add(ResultRow.fromFields(mapper.readValue(line, java.util.LinkedHashMap.class)));
        }
        List<ResultRow> expected = new ArrayList<>(rows);
        expected.sort(ResultOrder.AS_SWEEP.comparator());
        assertEquals(expected, back);
        assertEquals(2, Main.run(db("results", "no-such-run")), "an unknown run is the user's error");
        List<String> csv = stdout("results", "r1", "--format", "csv").lines().toList();
        assertEquals(rows.size() + 1, csv.size());
        assertTrue(csv.get(0).startsWith("head,k,seed,ood_score,accuracy"));
        ResultRow r = rows.stream().filter(x -> x.head().equals("gaussian") || x.head().equals("linear")).findFirst()
                .orElseThrow();
        assertTrue(csv.stream().anyMatch(l -> l.contains("," + Double.toString(r.auroc()) + ",")), "doubles round-trip");
        String table = stdout("results", "r1");
        assertTrue(table.contains("prototype") && table.contains("±"), table);
        assertTrue(table.contains("Conformal promises at alpha 0.05") && table.contains("LAC cover %"), table);
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}

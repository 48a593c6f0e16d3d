package dev.fewshot.cli.commands;

import dev.fewshot.cli.local.EvaluatorApi;
import dev.fewshot.cli.Main;
import dev.fewshot.cli.local.Home;
import dev.fewshot.cli.local.LocalDeployment;
import dev.fewshot.cli.local.RunWatcher;
import dev.fewshot.cli.output.ResultsTable;
import dev.fewshot.contracts.RunEvent;
import dev.fewshot.contracts.RunRequest;
import dev.fewshot.contracts.Split;
import dev.fewshot.core.synth.SyntheticClipData;
import dev.fewshot.vectors.VectorPublisher;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fewshot demo}: the whole product on this machine. Starts Kafka, PostgreSQL and the
 * services, publishes a generated CLIP-like dataset, asks for a run through Kafka, follows it and
 * prints the results from PostgreSQL. {@code --offline} runs the same sweep in-process instead.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the full study on a generated dataset through Kafka, the services and PostgreSQL.")
public final class DemoCommand implements Callable<Integer> {
    /** The model id the demo's generated vectors are published under. */
    static final String MODEL = "synthetic-clip";


    @Option(names = "--classes", defaultValue = "200", description = "ID classes (default: ${DEFAULT-VALUE})")
    int classes;
    @Option(names = "--test-rows", defaultValue = "10000", description = "ID test rows (default: ${DEFAULT-VALUE})")
    int testRows;
    @Option(names = "--ood-rows", defaultValue = "2000", description = "OOD rows (default: ${DEFAULT-VALUE})")
    int oodRows;
    @Option(names = "--offline", description = "no Kafka/PostgreSQL: generate .npy files under --dir and sweep in-process")
    boolean offline;
    @Option(names = "--dir", defaultValue = "demo-data", description = "offline mode: where files go (default: ${DEFAULT-VALUE})")
    Path dir;
    @Option(names = "--keep", description = "leave the deployment running afterwards (stop it with Ctrl-C)")
    boolean keep;
    @Option(names = "--state-dir", description = "default: .fewshot/demo")
    Path stateDir;

    @Override
    public Integer call() throws Exception {
        return offline ? offline() : distributed();
    }

    private int distributed() throws Exception {
        Path state = stateDir == null ? Home.root().resolve(".fewshot/demo") : stateDir;
        System.err.println("starting Kafka, PostgreSQL, trainer-service and evaluator-service on 127.0.0.1 ...");
        try (LocalDeployment d = LocalDeployment.start(Home.root(), state, LocalDeployment.TRAINER_PORT,
                LocalDeployment.EVALUATOR_PORT)) {
            Runtime.getRuntime().addShutdownHook(new Thread(d::close)); // Ctrl-C leaves nothing running
            SyntheticClipData.Data data = SyntheticClipData.generate(
                    SyntheticClipData.Params.defaults(classes, 512).withSizes(48, testRows, oodRows));
            String dataset = "demo-" + classes;
            long t0 = System.nanoTime();
            try (VectorPublisher p = new VectorPublisher(d.bootstrapServers())) {
                p.publish(MODEL, dataset, Split.TRAIN, data.trainX(), data.trainY(), VectorPublisher.DEFAULT_BATCH);
                p.publish(MODEL, dataset, Split.TEST, data.testX(), data.testY(), VectorPublisher.DEFAULT_BATCH);
                p.publish(MODEL, dataset, Split.OOD, data.oodX(), null, VectorPublisher.DEFAULT_BATCH);
                p.publish(MODEL, dataset, Split.TEXT, data.textX(), null, VectorPublisher.DEFAULT_BATCH);
            }
            System.err.printf("published dataset %s: %d classes, train pool %d, test %d, ood %d (%.1f s)%n", dataset,
                    classes, data.trainX().rows(), testRows, oodRows, (System.nanoTime() - t0) / 1e9);
            // The run names the model its vectors come from: the trainer refuses vectors of another model.
            RunRequest request = new RunRequest(RunRequest.VERSION, null, dataset, MODEL, null, null, null, null, null)
                    .withDefaults();
            RunCommand.send(d.bootstrapServers(), request);
            System.err.println("requested run " + request.runId() + " through Kafka; progress:");
            RunEvent last = new RunWatcher(d.bootstrapServers()).await(request.runId(), Duration.ofHours(2), System.err);
            if (last.type() == RunEvent.Type.failed) {
                System.err.println("run failed: " + last.reason());
                return 1;
            }
            String url = d.stack().jdbcUrl();
            new ResultsTable("msp").print(EvaluatorApi.at(d.evaluatorUrl()).results(request.runId()), System.out);
            System.out.println();
            System.out.println("Results are in PostgreSQL (" + url + ", user postgres), for example:");
            System.out.println("  select * from results_summary where run_id = '" + request.runId() + "' order by head, k, ood_score;");
            System.out.println("  REST: " + d.evaluatorUrl() + "/runs/" + request.runId() + "/results?format=csv");
            Path report = state.resolve("report").resolve(request.runId());
            if (Main.run("report", request.runId(), "--out", report.toString(), "--evaluator", d.evaluatorUrl()) == 0) {
                System.out.println("  report (charts, score histograms): " + report.resolve("index.html").toUri());
            }
            System.out.println("More queries: docs/queries.md. `./fewshot up` keeps a deployment running.");
            if (keep) {
                System.err.println("still running; Ctrl-C stops everything");
                Thread.currentThread().join();
            }
        }
        return 0;
    }

    private int offline() {
        int rc = Main.run("generate", "--out", dir.toString(), "--classes", Integer.toString(classes),
                "--test-rows", Integer.toString(testRows), "--ood-rows", Integer.toString(oodRows));
        if (rc != 0) {
            return rc;
        }
        String d = dir.toString();
        rc = Main.run("sweep", "--train-x", d + "/train_x.npy", "--train-y", d + "/train_y.npy",
                "--test-x", d + "/test_x.npy", "--test-y", d + "/test_y.npy", "--ood-x", d + "/ood_x.npy",
                "--text-x", d + "/text_x.npy", "--out", d + "/results.jsonl");
        if (rc == 0) {
            System.out.println("All rows (every OOD score, every seed): " + d + "/results.jsonl");
        }
        return rc;
    }
}

package dev.fewshot.cli.commands;

import dev.fewshot.cli.local.EvaluatorApi;
import dev.fewshot.core.sweep.SweepDefaults;
import dev.fewshot.cli.local.RunWatcher;
import dev.fewshot.cli.output.ResultsTable;
import dev.fewshot.contracts.RunEvent;
import dev.fewshot.contracts.RunRequest;
import dev.fewshot.contracts.Topics;
import dev.fewshot.contracts.RunConfigs;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code fewshot run}: asks the services for a run through Kafka, optionally waits and prints the results. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Publish a run request to Kafka; with --wait, follow its progress and print the results table.")
public final class RunCommand implements Callable<Integer> {

    @Option(names = "--dataset", required = true, description = "dataset id (published with publish-features)")
    String dataset;
    @Option(names = "--run-id", description = "run id (default: generated)")
    String runId;
    @Option(names = "--shots", split = ",", description = "K values (default: " + SweepDefaults.SHOTS + ")")
    List<Integer> shots;
    @Option(names = "--seeds", split = ",", description = "seeds (default: " + SweepDefaults.SEEDS + ")")
    List<Long> seeds;
    @Option(names = "--heads", split = ",", description = "heads (default: " + SweepDefaults.HEADS + ")")
    List<String> heads;
    @Option(names = "--ood-scores", split = ",", description = "OOD scores (default: " + SweepDefaults.OOD_SCORES + ")")
    List<String> scores;
    @Option(names = "--linear-c", description = "fixed C for the linear probes (default: CV)")
    Double linearC;
    @Option(names = "--gaussian-shrinkage", description = "auto, lw, oas or a number (default: "
            + SweepDefaults.GAUSSIAN_SHRINKAGE + ")")
    String shrinkage;
    @Option(names = "--wait", description = "follow progress and print the results")
    boolean await;
    @Option(names = "--timeout", defaultValue = "3600", description = "seconds to wait (default: ${DEFAULT-VALUE})")
    long timeout;
    @Mixin
    KafkaTarget kafka;

    @Override
    public Integer call() throws Exception {
        Properties state = kafka.state();
        String servers = kafka.servers();
        RunRequest request = new RunRequest(RunRequest.VERSION, runId, dataset, null, shots, seeds, heads, scores,
                new RunRequest.Options(linearC, shrinkage, null)).withDefaults();
        RunConfigs.toSweepConfig(request); // fail here, with the field named, rather than in the service
        send(servers, request);
        System.err.println("requested run " + request.runId() + " on dataset " + dataset);
        System.out.println(request.runId());
        if (!await) {
            return 0;
        }
        RunEvent last = new RunWatcher(servers).await(request.runId(), Duration.ofSeconds(timeout), System.err);
        if (last.type() == RunEvent.Type.failed) {
            System.err.println("run failed: " + last.reason());
            return 1;
        }
        if (state.getProperty("evaluator.url") != null) { // the local deployment's evaluator, through its REST API
            new ResultsTable("msp").print(EvaluatorApi.at(state.getProperty("evaluator.url")).results(request.runId()),
                    System.out);
        }
        return 0;
    }

    /** Publishes a run request (key = run id) and waits for the broker's ack. */
    public static void send(String servers, RunRequest request) throws Exception {
        KafkaTarget.send(servers, Topics.RUN_REQUESTS, request.runId(), request.toJson());
    }
}

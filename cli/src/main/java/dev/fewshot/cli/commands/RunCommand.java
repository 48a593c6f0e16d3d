package dev.fewshot.cli.commands;

import dev.fewshot.cli.local.Home;
import dev.fewshot.cli.local.ResultsFromPostgres;
import dev.fewshot.cli.local.RunWatcher;
import dev.fewshot.cli.output.ResultsTable;
import dev.fewshot.contracts.RunEvent;
import dev.fewshot.contracts.RunRequest;
import dev.fewshot.contracts.Topics;
import dev.fewshot.pipeline.RunConfigs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fewshot run}: asks the services for a run through Kafka, optionally waits and prints the results. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Publish a run request to Kafka; with --wait, follow its progress and print the results table.")
public final class RunCommand implements Callable<Integer> {

    @Option(names = "--dataset", required = true, description = "dataset id (published with publish-features)")
    String dataset;
    @Option(names = "--run-id", description = "run id (default: generated)")
    String runId;
    @Option(names = "--shots", split = ",", description = "K values (default: 0,1,2,4,8,16)")
    List<Integer> shots;
    @Option(names = "--seeds", split = ",", description = "seeds (default: 0,1,2)")
    List<Long> seeds;
    @Option(names = "--heads", split = ",", description = "heads (default: all)")
    List<String> heads;
    @Option(names = "--ood-scores", split = ",", description = "OOD scores (default: all)")
    List<String> scores;
    @Option(names = "--linear-c", description = "fixed C for the linear probes (default: CV)")
    Double linearC;
    @Option(names = "--gaussian-shrinkage", description = "auto, lw, oas or a number (default: auto)")
    String shrinkage;
    @Option(names = "--wait", description = "follow progress and print the results")
    boolean await;
    @Option(names = "--timeout", defaultValue = "3600", description = "seconds to wait (default: ${DEFAULT-VALUE})")
    long timeout;
    @Option(names = "--state-dir", description = "local deployment state (default: .fewshot/local)")
    Path stateDir;
    @Option(names = "--bootstrap-servers", description = "Kafka (default: the local deployment's)")
    String bootstrap;

    @Override
    public Integer call() throws Exception {
        Properties state = Home.state(stateDir == null ? Home.defaultStateDir() : stateDir).orElse(new Properties());
        String servers = bootstrap != null ? bootstrap
                : state.getProperty("bootstrap.servers", System.getenv("KAFKA_BOOTSTRAP_SERVERS"));
        if (servers == null) {
            throw new IllegalArgumentException("no Kafka: start the local deployment with `./fewshot up` or pass --bootstrap-servers");
        }
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
        if (state.getProperty("jdbc.url") != null) {
            new ResultsTable("msp").print(ResultsFromPostgres.read(state.getProperty("jdbc.url"),
                    state.getProperty("jdbc.user"), state.getProperty("jdbc.password"), request.runId()), System.out);
        }
        return 0;
    }

    /** Publishes a run request (key = run id) and waits for the broker's ack. */
    public static void send(String servers, RunRequest request) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>(Topics.RUN_REQUESTS, request.runId(), request.toJson())).get();
        }
    }
}

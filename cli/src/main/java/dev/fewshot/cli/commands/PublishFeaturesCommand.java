package dev.fewshot.cli.commands;

import dev.fewshot.cli.local.Home;
import dev.fewshot.contracts.Split;
import dev.fewshot.contracts.Topics;
import dev.fewshot.core.InvalidInputException;
import dev.fewshot.core.io.FeatureFiles;
import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.vectors.VectorPublisher;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fewshot publish-features}: precomputed .npy features onto the vector topic. */
@Command(name = "publish-features", mixinStandardHelpOptions = true,
        description = "Publish precomputed .npy features (the files `fewshot sweep` reads) to the vector topic.")
public final class PublishFeaturesCommand implements Callable<Integer> {

    @Option(names = "--dataset", required = true, description = "dataset id")
    String dataset;
    @Option(names = "--split", required = true, description = "train, test, ood, text or negatives")
    String split;
    @Option(names = "--x", required = true, description = "features [N, D] (.npy)")
    Path x;
    @Option(names = "--y", description = "labels [N] (.npy); required for train and test")
    Path y;
    @Option(names = "--model", defaultValue = "clip-vit-base-patch32", description = "model id (default: ${DEFAULT-VALUE})")
    String model;
    @Option(names = "--bootstrap-servers",
            description = "Kafka bootstrap servers (default: the `./fewshot up` deployment's, else $KAFKA_BOOTSTRAP_SERVERS)")
    String bootstrap;
    @Option(names = "--state-dir", description = "local deployment state (default: .fewshot/local)")
    Path stateDir;
    @Option(names = "--topic", defaultValue = Topics.VECTORS, description = "vector topic (default: ${DEFAULT-VALUE})")
    String topic;
    @Option(names = "--batch", defaultValue = "256", description = "vectors per record (default: ${DEFAULT-VALUE})")
    int batch;

    @Override
    public Integer call() throws Exception {
        Split s = Split.fromId(split);
        FloatMatrix features = FeatureFiles.readMatrix(x, true);
        int[] labels = null;
        if (y != null) {
            labels = FeatureFiles.readLabels(y);
            FeatureFiles.checkRowsMatch(x, features, y, labels);
        } else if (s == Split.TRAIN || s == Split.TEST) {
            throw new InvalidInputException("--y", "the " + s.id() + " split needs labels");
        }
        String servers = bootstrap != null ? bootstrap
                : Home.state(stateDir == null ? Home.defaultStateDir() : stateDir)
                        .map(st -> st.getProperty("bootstrap.servers")).orElse(System.getenv("KAFKA_BOOTSTRAP_SERVERS"));
        if (servers == null) {
            throw new IllegalArgumentException("no Kafka: start the local deployment with `./fewshot up`,"
                    + " or pass --bootstrap-servers / set KAFKA_BOOTSTRAP_SERVERS");
        }
        long t0 = System.nanoTime();
        try (VectorPublisher p = new VectorPublisher(servers, topic)) {
            long n = p.publish(model, dataset, s, features, labels, batch);
            double secs = (System.nanoTime() - t0) / 1e9;
            System.err.printf("published %d vectors of %s/%s (%d dims) to %s in %.2f s (%.0f vectors/s)%n", n, dataset,
                    s.id(), features.cols(), topic, secs, n / secs);
        }
        return 0;
    }
}

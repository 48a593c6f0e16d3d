package dev.fewshot.bench;

import dev.fewshot.stack.LocalKafka;

/**
 * A local broker in a JVM of its own, for {@link KafkaThroughputBench}: prints
 * {@code bootstrap=HOST:PORT} once the topic exists, and stops when its stdin closes.
 */
public final class KafkaBrokerMain {
    public static void main(String[] args) throws Exception {
        try (LocalKafka kafka = LocalKafka.start(null)) {
            kafka.createTopics(3, args.length > 0 ? args[0] : "bench-vectors");
            System.out.println("bootstrap=" + kafka.bootstrapServers());
            System.out.flush();
            while (System.in.read() >= 0) {
                // wait for the parent to close our stdin
            }
        }
    }
}

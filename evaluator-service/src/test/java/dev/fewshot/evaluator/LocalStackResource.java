package dev.fewshot.evaluator;

import dev.fewshot.contracts.Topics;
import dev.fewshot.stack.LocalStack;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** A real in-process Kafka (KRaft) and PostgreSQL for the service under test, both on 127.0.0.1. */
public class LocalStackResource implements QuarkusTestResourceLifecycleManager {
    private LocalStack stack;

    @Override
    public Map<String, String> start() {
        stack = LocalStack.start();
        createTopics(3, Topics.RUN_EVENTS);
        createTopics(1, Topics.VECTORS, Topics.DEAD_LETTERS);
        return stack.quarkusConfig();
    }

    /** A just-created topic is sometimes not yet described by the broker; creating again skips what exists. */
    private void createTopics(int partitions, String... names) {
        for (int attempt = 1; ; attempt++) {
            try {
                stack.kafka().createTopics(partitions, names);
                return;
            } catch (IllegalStateException e) {
                if (attempt == 5) {
                    throw e;
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    @Override
    public void stop() {
        if (stack != null) {
            stack.close();
        }
    }
}

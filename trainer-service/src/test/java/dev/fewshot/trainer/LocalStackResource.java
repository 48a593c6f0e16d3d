package dev.fewshot.trainer;

import dev.fewshot.contracts.Topics;
import dev.fewshot.stack.LocalStack;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Real Kafka (KRaft, in-process) and PostgreSQL (embedded) on 127.0.0.1 for the service under
 * test. One partition per topic so that requests are consumed in the order the tests send them.
 */
public class LocalStackResource implements QuarkusTestResourceLifecycleManager {
    private LocalStack stack;

    @Override
    public Map<String, String> start() {
        stack = LocalStack.start();
        stack.kafka().createTopics(1, Topics.VECTORS, Topics.RUN_REQUESTS, Topics.RUN_EVENTS, Topics.DEAD_LETTERS);
        return stack.quarkusConfig();
    }

    @Override
    public void stop() {
        if (stack != null) {
            stack.close();
        }
    }
}

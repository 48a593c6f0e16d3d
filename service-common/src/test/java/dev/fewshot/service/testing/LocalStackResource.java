package dev.fewshot.service.testing;

import dev.fewshot.stack.LocalStack;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Real Kafka (KRaft, in-process) and PostgreSQL (embedded) on 127.0.0.1 for the service under test.
 * A service's resource names its topics (and may add config); the stack itself is the same for all.
 */
public abstract class LocalStackResource implements QuarkusTestResourceLifecycleManager {
    private LocalStack stack;

    /** Creates the topics the service under test reads and writes, with {@link #createTopics(int, String...)}. */
    protected abstract void createTopics();

    @Override
    public Map<String, String> start() {
        stack = LocalStack.start();
        createTopics();
        return config(stack.quarkusConfig());
    }

    /** The config the service runs with; the stack's (bootstrap servers, JDBC URL) unless a service adds to it. */
    protected Map<String, String> config(Map<String, String> stackConfig) {
        return stackConfig;
    }

    /** A just-created topic is sometimes not yet described by the broker; creating again skips what exists. */
    protected final void createTopics(int partitions, String... names) {
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

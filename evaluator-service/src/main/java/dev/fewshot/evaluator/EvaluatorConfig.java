package dev.fewshot.evaluator;

import dev.fewshot.service.config.RetryConfig;
import dev.fewshot.service.config.TopicNames;
import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** The evaluator's settings, one typed view of application.properties ({@code fewshot.*}; evaluator-service/README.md). */
@ConfigMapping(prefix = "fewshot")
public interface EvaluatorConfig {
    TopicNames topics();

    Evaluator evaluator();

    interface Evaluator {
        /** How long an evaluation waits for the test and OOD splits' publications to complete (application.properties). */
        Duration splitTimeout();

        /** Datasets whose test and OOD splits stay in memory, LRU (application.properties). */
        int splitCacheSize();

        /** Database units of work and the consumer while PostgreSQL or the broker is away. */
        RetryConfig dbRetry();
    }
}

package dev.fewshot.trainer;

import dev.fewshot.service.config.RetryConfig;
import dev.fewshot.service.config.TopicNames;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The trainer's settings, one typed view of application.properties ({@code fewshot.*}; trainer-service/README.md). */
@ConfigMapping(prefix = "fewshot")
public interface TrainerConfig {
    TopicNames topics();

    Trainer trainer();

    interface Trainer {
        /** How long a run waits for a split's publication to complete (application.properties; k8s overrides it). */
        Duration splitTimeout();

        /** How often the worker looks for queued runs when nothing woke it. */
        @WithDefault("2s")
        Duration pollInterval();

        /** Recording a run request and the worker's loop while PostgreSQL or the broker is away. */
        RetryConfig dbRetry();

        Worker worker();
    }

    interface Worker {
        /** false: this replica only records requests (tests that drive the executor themselves). */
        @WithDefault("true")
        boolean enabled();

        /** The longest a run that keeps failing transiently is set aside before it is tried again. */
        @WithDefault("5m")
        Duration maxParking();
    }
}

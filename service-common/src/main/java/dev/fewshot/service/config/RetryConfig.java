package dev.fewshot.service.config;

import dev.fewshot.service.errors.RetryPolicy;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The settings of the one {@link RetryPolicy}, as a group of a service's configuration ({@code ...db-retry.*}). */
public interface RetryConfig {
    @WithDefault("200ms")
    Duration initialDelay();

    @WithDefault("10s")
    Duration maxDelay();

    @WithDefault("2m")
    Duration maxDuration();

    default RetryPolicy policy() {
        return new RetryPolicy(initialDelay(), maxDelay(), maxDuration());
    }
}

package dev.fewshot.embedder;

import dev.fewshot.service.errors.RetryPolicy;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The embedder's database retry policy, from its config, for service-common's Db. */
@Dependent
public class DbRetryPolicy {
    @Produces
    @Singleton
    RetryPolicy dbRetry(EmbedderConfig config) {
        return config.embedder().dbRetry().policy();
    }
}

package dev.fewshot.evaluator;

import dev.fewshot.service.errors.RetryPolicy;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The evaluator's database retry policy, from its config, for service-common's Db. */
@Dependent
public class DbRetryPolicy {
    @Produces
    @Singleton
    RetryPolicy dbRetry(EvaluatorConfig config) {
        return config.evaluator().dbRetry().policy();
    }
}

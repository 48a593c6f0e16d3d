package dev.fewshot.embedder.health;

import dev.fewshot.embedder.model.ModelHolder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only with a loaded model: requests sent before that would fail. */
@Readiness
@ApplicationScoped
public class ModelReadinessCheck implements HealthCheck {
    @Inject
    ModelHolder models;

    @Override
    public HealthCheckResponse call() {
        String problem = models.problem();
        return HealthCheckResponse.named("fewshot-clip-model")
                .status(problem == null)
                .withData("model-id", models.modelId())
                .withData("problem", problem == null ? "none" : problem)
                .build();
    }
}

package dev.fewshot.trainer.health;

import dev.fewshot.trainer.runs.RunWorker;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Liveness: the run worker thread is running (it is the only thing that fits heads). */
@Liveness
@ApplicationScoped
public class RunWorkerHealthCheck implements HealthCheck {
    @Inject
    RunWorker worker;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("fewshot-run-worker")
                .status(worker.alive())
                .withData("last-loop", worker.lastLoop().toString())
                .build();
    }
}

package dev.fewshot.trainer.runs;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;

/** The trainer's Prometheus meters (fewshot_trainer_*). */
@ApplicationScoped
public class TrainerMetrics {
    @Inject
    MeterRegistry registry;

    /** outcome: accepted, rejected (invalid config), duplicate, dead_letter. */
    public void request(String outcome) {
        registry.counter("fewshot.trainer.requests", "outcome", outcome).increment();
    }

    public void runFailed() {
        registry.counter("fewshot.trainer.runs.failed").increment();
    }

    public void runTrained() {
        registry.counter("fewshot.trainer.runs.trained").increment();
    }

    public void headFitted(String head, long millis) {
        Timer.builder("fewshot.trainer.fit").tag("head", head).register(registry).record(millis, TimeUnit.MILLISECONDS);
    }

    public void retry(String what) {
        registry.counter("fewshot.trainer.retries", "what", what).increment();
    }
}

package dev.fewshot.trainer.runs;

import dev.fewshot.contracts.RunStatus;
import dev.fewshot.contracts.RunRequest;
import dev.fewshot.contracts.RunConfigs;
import dev.fewshot.trainer.persistence.RunStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Records a parsed run request: validates its config, inserts the run (accepted, or failed with
 * the reason) and publishes the matching event. Fast and idempotent: the fitting itself is left to
 * {@link RunWorker}, and a redelivered request adds nothing.
 */
@ApplicationScoped
public class RunIntake {
    @Inject
    RunStore runs;
    @Inject
    EventLog events;
    @Inject
    TrainerMetrics metrics;

    /** @param request a request with defaults filled in (run id set) */
    public void record(RunRequest request) throws SQLException {
        Optional<String> problem = problem(request);
        boolean inserted = runs.insertIfAbsent(request.runId(), request.datasetId(), request.toJson(),
                problem.isEmpty() ? RunStatus.ACCEPTED : RunStatus.FAILED, problem.orElse(null));
        // A duplicate run id: report what the first delivery was told, judged from the stored request.
        RunStore.RunRow stored = runs.find(request.runId()).orElseThrow();
        Optional<String> storedProblem = inserted ? problem : problem(RunRequest.parse(stored.requestJson()));
        if (storedProblem.isPresent()) {
            events.failed(stored.runId(), storedProblem.get());
        } else {
            events.accepted(stored.runId());
        }
        metrics.request(!inserted ? "duplicate" : problem.isPresent() ? "rejected" : "accepted");
    }

    /** What is wrong with the request's sweep config, naming the field; empty when it is valid. */
    static Optional<String> problem(RunRequest request) {
        try {
            RunConfigs.toSweepConfig(request);
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of("invalid run request: " + e.getMessage());
        }
    }
}

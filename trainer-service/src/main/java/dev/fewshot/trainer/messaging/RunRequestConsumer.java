package dev.fewshot.trainer.messaging;

import dev.fewshot.contracts.InvalidMessageException;
import dev.fewshot.contracts.RunRequest;
import dev.fewshot.service.messaging.DeadLetters;
import dev.fewshot.trainer.runs.Backoff;
import dev.fewshot.trainer.runs.RunIntake;
import dev.fewshot.trainer.runs.RunWorker;
import dev.fewshot.trainer.runs.TrainerMetrics;
import dev.fewshot.trainer.runs.TransientException;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes run requests. Invalid messages go to the dead-letter topic; valid ones are recorded in
 * the database (the work queue) and the worker is woken. The offset is committed only after the
 * run is recorded; if the database stays down longer than the retry budget the record is nacked,
 * the channel stops (health DOWN) and the request is consumed again after a restart.
 */
@ApplicationScoped
public class RunRequestConsumer {
    private static final Logger LOG = Logger.getLogger(RunRequestConsumer.class);

    @Inject
    RunIntake intake;
    @Inject
    RunWorker worker;
    @Inject
    DeadLetters deadLetters;
    @Inject
    TrainerMetrics metrics;

    @ConfigProperty(name = "fewshot.trainer.db-retry.budget", defaultValue = "5m")
    Duration retryBudget;
    @ConfigProperty(name = "fewshot.trainer.db-retry.max-backoff", defaultValue = "30s")
    Duration maxBackoff;

    @Incoming("run-requests")
    @Blocking(ordered = true)
    public void consume(ConsumerRecord<String, byte[]> record) throws SQLException, InterruptedException {
        RunRequest request;
        try {
            String json = record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8);
            request = withRunId(RunRequest.parse(json), record).withDefaults();
        } catch (InvalidMessageException e) {
            LOG.warnf("dead-lettering %s@%d/%d: %s", record.topic(), record.partition(), record.offset(), e.getMessage());
            deadLetter(record, e.getMessage());
            metrics.request("dead_letter");
            return;
        }
        RunRequest r = request;
        new Backoff(Duration.ofMillis(200), maxBackoff).retry("recording run " + r.runId(), retryBudget, () -> {
            intake.record(r);
            return null;
        });
        worker.wake();
    }

    /** A broker that refuses the dead letter is infrastructure trouble, not the request's: the trainer's TransientException. */
    private void deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        try {
            deadLetters.send(record, reason);
        } catch (RuntimeException e) {
            throw new TransientException("dead-lettering " + record.topic() + "@" + record.offset() + " failed", e);
        }
    }

    /**
     * A request without run_id takes the record key, else an id derived from the record's
     * position, so a redelivered request keeps its run id and is recognised as a duplicate.
     */
    static RunRequest withRunId(RunRequest r, ConsumerRecord<String, byte[]> record) {
        if (r.runId() != null && !r.runId().isBlank()) {
            return r;
        }
        String id = record.key() != null && !record.key().isBlank() ? record.key()
                : UUID.nameUUIDFromBytes((record.topic() + "/" + record.partition() + "/" + record.offset())
                .getBytes(StandardCharsets.UTF_8)).toString();
        return new RunRequest(r.version(), id, r.datasetId(), r.modelId(), r.shots(), r.seeds(), r.heads(),
                r.oodScores(), r.options());
    }
}

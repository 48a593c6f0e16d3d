package dev.fewshot.trainer.messaging;

import dev.fewshot.contracts.InvalidMessageException;
import dev.fewshot.contracts.RunRequest;
import dev.fewshot.service.messaging.DeadLetters;
import dev.fewshot.service.errors.RetryPolicy;
import dev.fewshot.trainer.runs.RunIntake;
import dev.fewshot.trainer.runs.RunWorker;
import dev.fewshot.trainer.runs.TrainerMetrics;
import dev.fewshot.service.errors.Failures;
import dev.fewshot.service.errors.TransientException;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes run requests. Every record gets one outcome: recorded in the database (the work queue; a request whose
 * config is wrong is recorded as a failed run with its reason), or dead-lettered with its reason (unreadable, or
 * refused by the database for its content). The offset is committed only after that; a transient failure (database
 * or broker away) is retried with backoff, and only when it outlasts the retry budget is the record nacked: the
 * channel stops (health DOWN) and the request is consumed again after a restart. A record never stops it.
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

    @Inject
    RetryPolicy retry;

    @Incoming("run-requests")
    @Blocking(ordered = true)
    public void consume(ConsumerRecord<String, byte[]> record) throws SQLException, InterruptedException {
        RunRequest request;
        try {
            request = withRunId(RunRequest.parse(record.value()), record).withDefaults();
        } catch (InvalidMessageException e) {
            deadLetter(record, e.getMessage());
            return;
        } catch (RuntimeException e) { // a parser bug must not stop the channel either
            LOG.errorf(e, "unexpected failure parsing %s@%d", record.topic(), record.offset());
            deadLetter(record, "run request could not be read: " + Failures.reason(e));
            return;
        }
        RunRequest r = request;
        try {
            retry.run("recording run " + r.runId(), () -> {
                intake.record(r);
                return null;
            });
        } catch (SQLException | RuntimeException e) {
            if (Failures.isTransient(e)) {
                throw e; // outlasted the budget: nack, as documented above
            }
            LOG.errorf(e, "database refused run %s", r.runId());
            deadLetter(record, "run '" + r.runId() + "' could not be recorded: " + Failures.reason(e));
            return;
        }
        worker.wake();
    }

    /** A broker that refuses the dead letter is infrastructure trouble, not the request's: the trainer's TransientException. */
    private void deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
        metrics.request("dead_letter");
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
        if (record.key() != null && !record.key().isBlank()) {
            dev.fewshot.contracts.Ids.check("the record key (used as the id)", record.key());
        }
        String id = record.key() != null && !record.key().isBlank() ? record.key()
                : UUID.nameUUIDFromBytes((record.topic() + "/" + record.partition() + "/" + record.offset())
                .getBytes(StandardCharsets.UTF_8)).toString();
        return new RunRequest(r.version(), id, r.datasetId(), r.modelId(), r.shots(), r.seeds(), r.heads(),
                r.oodScores(), r.options());
    }
}

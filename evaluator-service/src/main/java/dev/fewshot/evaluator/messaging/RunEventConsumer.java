package dev.fewshot.evaluator.messaging;

import dev.fewshot.contracts.InvalidMessageException;
import dev.fewshot.contracts.RunEvent;
import dev.fewshot.evaluator.evaluation.HeadEvaluator;
import dev.fewshot.service.errors.Failures;
import dev.fewshot.service.lifecycle.JvmShutdown;
import dev.fewshot.service.messaging.DeadLetters;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes {@code fewshot.run-events} and evaluates each trained head.
 *
 * <p>Scoring takes about a second per head at 1000 classes, so it runs on a worker thread, one
 * record at a time in order ({@code @Blocking(ordered = true)}); the record is acknowledged, and
 * its offset committed, only after its metrics are stored. A message that cannot be used goes to
 * the dead-letter topic and the consumer goes on; a database that stays away past the retry limit
 * fails the channel (health goes down, nothing is committed, the record comes again after restart).
 */
@ApplicationScoped
public class RunEventConsumer {
    private static final Logger LOG = Logger.getLogger(RunEventConsumer.class);

    @Inject
    HeadEvaluator evaluator;

    @Inject
    DeadLetters deadLetters;

    @Inject
    dev.fewshot.service.errors.RetryPolicy retry;

    /**
     * A broker or database that is away (a Kafka metadata timeout, a refused connection) is waited for with back-off
     * within the retry budget, as the database layer does; past it the failure propagates and the record is read
     * again after a restart.
     */
    private void evaluateRetryingTransient(RunEvent event) throws SQLException {
        // Db retried the database inside already: SQL failures go up at once, the broker's are retried here.
        retry.run("evaluating run " + event.runId(), e -> !(e instanceof SQLException) && Failures.isTransient(e),
                () -> {
            evaluator.onHeadsTrained(event);
            return null;
        });
    }

    @Incoming("run-events")
    @Blocking(ordered = true)
    public void consume(ConsumerRecord<String, byte[]> record) throws SQLException {
        RunEvent event;
        try {
            event = RunEvent.parse(record.value());
        } catch (InvalidMessageException e) {
            deadLetters.send(record, e.getMessage());
            return;
        } catch (RuntimeException e) { // a parser bug must not stop the channel either
            LOG.errorf(e, "unexpected failure parsing %s@%d", record.topic(), record.offset());
            deadLetters.send(record, "run event could not be read: " + Failures.reason(e));
            return;
        }
        if (event.type() != RunEvent.Type.heads_trained) {
            return; // accepted/evaluated/completed/failed: for other readers (ours included)
        }
        try {
            evaluateRetryingTransient(event);
        } catch (InvalidMessageException e) {
            deadLetters.send(record, e.getMessage());
        } catch (SQLException | RuntimeException e) {
            if (JvmShutdown.inProgress() || Failures.isTransient(e)
                    || e instanceof dev.fewshot.service.lifecycle.StoppedByShutdown) {
                throw e; // infrastructure past the retry limit, or shutdown: not committed, read again after restart
            }
            // Not transient (a constraint, a bad value, a bug): retrying the same record cannot succeed. The run
            // fails with the reason, and the record is dead-lettered.
            LOG.errorf(e, "run %s: evaluation failed", event.runId());
            String reason = "evaluating " + event.head() + " k=" + event.k() + " seed=" + event.seed() + " of run '"
                    + event.runId() + "' failed: " + Failures.reason(e);
            try {
                evaluator.fail(event.runId(), reason);
            } catch (SQLException | RuntimeException again) {
                LOG.warnf("could not record the failure of run %s: %s", event.runId(), again.getMessage());
            }
            deadLetters.send(record, reason);
        }
    }
}

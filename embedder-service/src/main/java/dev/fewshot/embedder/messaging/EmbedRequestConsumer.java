package dev.fewshot.embedder.messaging;

import dev.fewshot.contracts.EmbedRequest;
import dev.fewshot.contracts.InvalidMessageException;
import dev.fewshot.embedder.jobs.EmbedJobs;
import dev.fewshot.service.errors.Failures;
import dev.fewshot.service.lifecycle.JvmShutdown;
import dev.fewshot.service.lifecycle.StoppedByShutdown;
import dev.fewshot.service.messaging.DeadLetters;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Consumes embed requests one at a time (the model already uses every core). Unreadable messages go
 * to the dead-letter topic; a readable request that fails (missing model, unknown layout, path
 * outside the data roots) is recorded as failed with its reason. The offset is committed only when
 * the request is done, so a crash mid-split re-reads it.
 */
@ApplicationScoped
public class EmbedRequestConsumer {
    private static final Logger LOG = Logger.getLogger(EmbedRequestConsumer.class);

    @Inject
    EmbedJobs jobs;
    @Inject
    DeadLetters deadLetters;

    @Incoming("embed-requests")
    @Blocking(ordered = true)
    public void consume(ConsumerRecord<String, byte[]> record) throws InterruptedException {
        EmbedRequest request;
        try {
            request = withRequestId(EmbedRequest.parse(record.value()), record).withDefaults();
        } catch (InvalidMessageException e) {
            deadLetters.send(record, e.getMessage());
            return;
        } catch (RuntimeException e) { // a parser bug must not stop the channel either
            LOG.errorf(e, "unexpected failure parsing %s@%d", record.topic(), record.offset());
            deadLetters.send(record, "embed request could not be read: " + Failures.reason(e));
            return;
        }
        try {
            jobs.run(request);
        } catch (RuntimeException e) {
            if (e instanceof StoppedByShutdown || JvmShutdown.inProgress() || Failures.isTransient(e)) {
                throw e; // shutdown or infrastructure: not committed, read again after restart
            }
            // A bug or a value the database refuses: the request fails with its reason, and the record is
            // dead-lettered too, since the request may never have been stored.
            LOG.errorf(e, "embed request %s failed unexpectedly", request.requestId());
            String reason = "embed request '" + request.requestId() + "' failed: " + Failures.reason(e);
            try {
                jobs.fail(request, reason);
            } catch (RuntimeException again) {
                LOG.warnf("could not record the failure of %s: %s", request.requestId(), again.getMessage());
            }
            deadLetters.send(record, reason);
        }
    }

    /** A request without request_id takes the record key, else an id derived from the record's position. */
    static EmbedRequest withRequestId(EmbedRequest r, ConsumerRecord<String, byte[]> record) {
        if (r.requestId() != null && !r.requestId().isBlank()) {
            return r;
        }
        if (record.key() != null && !record.key().isBlank()) {
            dev.fewshot.contracts.Ids.check("the record key (used as the id)", record.key());
        }
        String id = record.key() != null && !record.key().isBlank() ? record.key()
                : UUID.nameUUIDFromBytes((record.topic() + "/" + record.partition() + "/" + record.offset())
                .getBytes(StandardCharsets.UTF_8)).toString();
        return new EmbedRequest(r.version(), id, r.datasetId(), r.modelId(), r.split(), r.layout(), r.classes(),
                r.templates(), r.plan(), r.all(), r.batchSize());
    }
}

package dev.fewshot.embedder.messaging;

import dev.fewshot.contracts.EmbedRequest;
import dev.fewshot.contracts.InvalidMessageException;
import dev.fewshot.embedder.jobs.EmbedJobs;
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
            String json = record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8);
            request = withRequestId(EmbedRequest.parse(json), record).withDefaults();
        } catch (InvalidMessageException e) {
            LOG.warnf("dead-lettering %s@%d/%d: %s", record.topic(), record.partition(), record.offset(), e.getMessage());
            deadLetters.send(record, e.getMessage());
            return;
        }
        jobs.run(request);
    }

    /** A request without request_id takes the record key, else an id derived from the record's position. */
    static EmbedRequest withRequestId(EmbedRequest r, ConsumerRecord<String, byte[]> record) {
        if (r.requestId() != null && !r.requestId().isBlank()) {
            return r;
        }
        String id = record.key() != null && !record.key().isBlank() ? record.key()
                : UUID.nameUUIDFromBytes((record.topic() + "/" + record.partition() + "/" + record.offset())
                .getBytes(StandardCharsets.UTF_8)).toString();
        return new EmbedRequest(r.version(), id, r.datasetId(), r.modelId(), r.split(), r.layout(), r.classes(),
                r.templates(), r.plan(), r.all(), r.batchSize());
    }
}

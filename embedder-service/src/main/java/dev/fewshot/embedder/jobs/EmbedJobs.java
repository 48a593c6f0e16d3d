package dev.fewshot.embedder.jobs;

import dev.fewshot.contracts.EmbedEvent;
import dev.fewshot.contracts.EmbedRequest;
import dev.fewshot.contracts.Split;
import dev.fewshot.embedder.EmbedderConfig;
import dev.fewshot.embedder.messaging.EmbedEventPublisher;
import dev.fewshot.embedder.model.ImageInput;
import dev.fewshot.embedder.model.ModelHolder;
import dev.fewshot.embedder.persistence.EmbedRequestStore;
import dev.fewshot.embedding.classes.ClassList;
import dev.fewshot.service.lifecycle.JvmShutdown;
import dev.fewshot.service.lifecycle.StoppedByShutdown;
import dev.fewshot.embedding.model.ClipModel;
import dev.fewshot.embedding.model.ModelException;
import dev.fewshot.embedding.source.DataRoots;
import dev.fewshot.embedding.source.SourceException;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs one embed request: records it, embeds the split (images or class text), publishes the
 * vectors and the end marker, and records the outcome. A problem with the request itself (model,
 * layout, paths, class list) fails the request with its reason; a database or broker outage is
 * thrown to the consumer, which stops without committing so the request is read again.
 */
@ApplicationScoped
public class EmbedJobs {
    private static final Logger LOG = Logger.getLogger(EmbedJobs.class);

    @Inject
    EmbedderConfig config;
    @Inject
    ModelHolder models;
    @Inject
    ImageInput images;
    @Inject
    EmbedRequestStore store;
    @Inject
    EmbedEventPublisher events;
    @Inject
    MeterRegistry registry;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    public void run(EmbedRequest r) throws InterruptedException {
        try {
            store.started(r);
            events.publish(EmbedEvent.of(r, EmbedEvent.Type.accepted, 0, 0, 0, now()));
            Outcome o = execute(r);
            store.completed(r.requestId(), o.total(), o.embedded(), o.failed());
            events.publish(EmbedEvent.of(r, EmbedEvent.Type.completed, o.embedded(), o.failed(), o.total(), now()));
            LOG.infof("embed request %s: %s/%s done, %d embedded, %d failed", r.requestId(), r.datasetId(), r.split(),
                    o.embedded(), o.failed());
        } catch (RequestFailedException | ModelException | SourceException | IllegalArgumentException
                 | UncheckedIOException e) {
            if (JvmShutdown.inProgress()) {
                // ONNX Runtime's JVM hook closes the model under in-flight work: redo it after restart.
                throw new StoppedByShutdown("embed request " + r.requestId(), e);
            }
            fail(r, e.getMessage());
            return;
        } catch (SQLException e) {
            throw new IllegalStateException("database unavailable while embedding " + r.requestId() + ": " + e.getMessage(), e);
        }
        registry.counter("fewshot.embedder.requests", "outcome", "completed").increment();
    }

    /** Records that the request failed, with its reason, and says so on the event topic. */
    public void fail(EmbedRequest r, String reason) {
        LOG.errorf("embed request %s (%s/%s) failed: %s", r.requestId(), r.datasetId(), r.split(), reason);
        registry.counter("fewshot.embedder.requests", "outcome", "failed").increment();
        try {
            store.failed(r.requestId(), reason);
        } catch (SQLException sql) {
            throw new IllegalStateException("recording the failure of embed request " + r.requestId(), sql);
        }
        events.publish(EmbedEvent.failed(r.requestId(), r.datasetId(), r.split(), reason, now()));
    }

    /** What a finished request did. */
    record Outcome(long total, long embedded, long failed) {
    }

    private Outcome execute(EmbedRequest r) throws SQLException, InterruptedException {
        ClipModel model = models.get();
        if (!models.modelId().equals(r.modelId())) {
            throw new RequestFailedException("this embedder serves model '" + models.modelId() + "', not '"
                    + r.modelId() + "'");
        }
        DataRoots roots = new DataRoots(config.embedder().dataRoots());
        ClassList classes = classes(r.classes(), roots);
        Progress progress = new Progress(r, store, events, registry, config.embedder().progressInterval());
        if (r.splitId() == Split.TEXT) {
            return new TextSplitJob(model, roots, bootstrapServers, config.topics().vectors()).run(r, classes, progress);
        }
        if (r.splitId() == Split.NEGATIVES) {
            return new NegativesSplitJob(model, roots, bootstrapServers, config.topics().vectors()).run(r, progress);
        }
        return new ImageSplitJob(model, images, config, bootstrapServers, config.topics().vectors()).run(r, roots, classes, progress);
    }

    /** "imagenet" is the bundled list; anything else is a class-list file inside the data roots. */
    static ClassList classes(String spec, DataRoots roots) {
        if (spec == null || spec.equals("imagenet")) {
            return ClassList.imagenet();
        }
        return ClassList.fromFile(roots.resolve(spec));
    }

    static String now() {
        return Instant.now().toString();
    }
}

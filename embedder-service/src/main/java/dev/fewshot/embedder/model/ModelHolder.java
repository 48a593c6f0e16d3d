package dev.fewshot.embedder.model;

import dev.fewshot.embedder.EmbedderConfig;
import dev.fewshot.embedding.model.ClipModel;
import dev.fewshot.embedding.model.ExecutionSettings;
import dev.fewshot.embedding.model.ModelDirectory;
import dev.fewshot.embedding.model.ModelException;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * The one CLIP model of this process (one ONNX Runtime session per encoder, shared by every job).
 * It is loaded at start-up; if the model directory is missing or the model does not fit, the
 * service still starts (readiness DOWN, with the reason) and each request fails with that reason
 * until a later request finds the model in place (e.g. after the model-fetch job finished).
 */
@Startup
@ApplicationScoped
public class ModelHolder {
    private static final Logger LOG = Logger.getLogger(ModelHolder.class);

    @Inject
    EmbedderConfig config;

    private volatile ClipModel model;
    private volatile String problem = "not loaded yet";

    @PostConstruct
    void load() {
        try {
            get();
        } catch (ModelException e) {
            LOG.errorf("CLIP model not available: %s", e.getMessage());
        }
    }

    /** @throws ModelException naming the model directory and what is wrong with it */
    public synchronized ClipModel get() {
        if (model == null) {
            try {
                model = ClipModel.open(ModelDirectory.open(config.embedder().modelDir(), config.embedder().modelId()), settings());
                problem = null;
                LOG.infof("loaded CLIP model %s from %s (%d-d, %s)", config.embedder().modelId(), config.embedder().modelDir(), model.dim(),
                        config.embedder().executionProvider());
            } catch (ModelException e) {
                problem = e.getMessage();
                throw e;
            } catch (RuntimeException e) {
                problem = "cannot load the model in " + config.embedder().modelDir() + ": " + e;
                throw new ModelException(problem, e);
            }
        }
        return model;
    }

    ExecutionSettings settings() {
        int threads = config.embedder().intraOpThreads() > 0 ? config.embedder().intraOpThreads() : Runtime.getRuntime().availableProcessors();
        return switch (config.embedder().executionProvider().toLowerCase()) {
            case "cpu" -> ExecutionSettings.cpu(threads);
            case "cuda" -> ExecutionSettings.cuda(config.embedder().cudaDeviceId());
            default -> throw new ModelException("fewshot.embedder.execution-provider is '" + config.embedder().executionProvider()
                    + "'; expected cpu or cuda");
        };
    }

    /** Null when the model is loaded, else why it is not. */
    public String problem() {
        return problem;
    }

    public String modelId() {
        return config.embedder().modelId();
    }

    @PreDestroy
    void close() {
        if (model != null) {
            model.close();
        }
    }
}

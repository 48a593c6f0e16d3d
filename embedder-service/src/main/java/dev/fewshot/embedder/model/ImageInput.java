package dev.fewshot.embedder.model;

import dev.fewshot.embedder.EmbedderConfig;
import dev.fewshot.embedding.image.ClipPreprocessor;
import dev.fewshot.embedding.image.ClipTransform;
import dev.fewshot.embedding.image.ImageDecoder;
import dev.fewshot.embedding.image.ImageLimits;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The image side of the model, shared by embed jobs and /classify: one decoder with the configured size limits and
 * one preprocessor (thread-safe; it caches its resampling tables across images of the same size).
 */
@ApplicationScoped
public class ImageInput {
    @Inject
    EmbedderConfig config;

    private ImageDecoder decoder;
    private ClipPreprocessor preprocessor;

    @PostConstruct
    void init() {
        decoder = new ImageDecoder(new ImageLimits(config.embedder().maxImageBytes(), config.embedder().maxImagePixels()));
        preprocessor = new ClipPreprocessor(ClipTransform.fromId(config.embedder().preprocess()));
    }

    public ImageDecoder decoder() {
        return decoder;
    }

    public ClipPreprocessor preprocessor() {
        return preprocessor;
    }
}

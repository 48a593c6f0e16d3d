package dev.fewshot.embedding.pipeline;

/** What an embedding pass did: images embedded, images failed, and how long it took. */
public record EmbedStats(long embedded, long failed, long nanos) {
    public double imagesPerSecond() {
        return nanos == 0 ? 0 : embedded * 1e9 / nanos;
    }
}

package dev.fewshot.contracts;

/** Kafka topic names (docs/messages.md). Services read them from configuration with these defaults. */
public final class Topics {
    /** Feature vectors, binary {@link VectorBatch} records; key "datasetId/split". */
    public static final String VECTORS = "fewshot.vectors";
    /** Run requests, JSON {@link RunRequest}; key = run id. */
    public static final String RUN_REQUESTS = "fewshot.run-requests";
    /** Progress, status and completion events, JSON {@link RunEvent}; key = run id. */
    public static final String RUN_EVENTS = "fewshot.run-events";
    /** Embed requests, JSON {@link EmbedRequest}; key = request id. */
    public static final String EMBED_REQUESTS = "fewshot.embed-requests";
    /** Embedding progress, failed items and completion, JSON {@link EmbedEvent}; key = request id. */
    public static final String EMBED_EVENTS = "fewshot.embed-events";
    /** Messages that could not be handled, with the reason in headers. */
    public static final String DEAD_LETTERS = "fewshot.dead-letters";

    /** Header names used on every topic. */
    public static final String HEADER_VERSION = "fewshot-version";
    public static final String HEADER_ERROR = "fewshot-error";
    public static final String HEADER_SOURCE_TOPIC = "fewshot-source-topic";
    public static final String HEADER_SOURCE_PARTITION = "fewshot-source-partition";
    public static final String HEADER_SOURCE_OFFSET = "fewshot-source-offset";

    private Topics() {
    }
}

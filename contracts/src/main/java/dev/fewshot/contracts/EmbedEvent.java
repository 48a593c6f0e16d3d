package dev.fewshot.contracts;

/**
 * Progress of an embed request (topic {@link Topics#EMBED_EVENTS}, key = request id).
 *
 * @param done   items published so far
 * @param failed items that failed so far (listed in PostgreSQL {@code failed_items})
 * @param total  items to embed (after the K-shot subset for train)
 * @param reason failed events: why the whole request failed; item_failed events: why the item failed
 * @param itemId item_failed events: the failing item
 */
public record EmbedEvent(Integer version, String requestId, String datasetId, String split, Type type,
                         Long done, Long failed, Long total, String itemId, String reason, String at) {
    public static final int VERSION = 1;

    public enum Type { accepted, progress, item_failed, completed, failed }

    public static EmbedEvent of(EmbedRequest r, Type type, long done, long failed, long total, String at) {
        return new EmbedEvent(VERSION, r.requestId(), r.datasetId(), r.split(), type, done, failed, total, null, null, at);
    }

    public static EmbedEvent itemFailed(EmbedRequest r, String itemId, String reason, String at) {
        return new EmbedEvent(VERSION, r.requestId(), r.datasetId(), r.split(), Type.item_failed, null, null, null,
                itemId, reason, at);
    }

    public static EmbedEvent failed(String requestId, String datasetId, String split, String reason, String at) {
        return new EmbedEvent(VERSION, requestId, datasetId, split, Type.failed, null, null, null, null, reason, at);
    }

    /** Parses a record's bytes: strict UTF-8, then {@link #parse(String)}. */
    public static EmbedEvent parse(byte[] bytes) {
        return parse(Json.utf8(bytes, "embed event"));
    }

    public static EmbedEvent parse(String json) {
        EmbedEvent e = Json.read(json, EmbedEvent.class, "embed event");
        if (e.version() == null || e.version() != VERSION) {
            throw new InvalidMessageException("unsupported embed event version " + e.version());
        }
        if (e.requestId() == null || e.type() == null) {
            throw new InvalidMessageException("embed event needs request_id and type");
        }
        return e;
    }

    public String toJson() {
        return Json.write(this);
    }
}

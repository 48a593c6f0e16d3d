package dev.fewshot.store.tables;

import dev.fewshot.contracts.EmbedRequest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * {@code embed_requests} (one row per request, its status and counts) and {@code failed_items} (every image that
 * could not be embedded, with the reason). Every write is an upsert: a redelivered request rewrites its own rows and
 * never duplicates them.
 */
public final class EmbedRequestsTable {
    private EmbedRequestsTable() {
    }

    public static void started(Connection c, EmbedRequest r) throws SQLException {
        Sql.update(c, "insert into embed_requests (request_id, dataset_id, split, model_id, request, status)"
                + " values (?, ?, ?, ?, ?::jsonb, 'running') on conflict (request_id) do update set status = 'running',"
                + " reason = null, embedded = 0, failed = 0, request = excluded.request, updated_at = now()",
                r.requestId(), r.datasetId(), r.split(), r.modelId(), r.toJson());
    }

    public static void progress(Connection c, String requestId, long total, long embedded, long failed)
            throws SQLException {
        Sql.update(c, "update embed_requests set total = ?, embedded = ?, failed = ?, updated_at = now()"
                + " where request_id = ?", total, embedded, failed, requestId);
    }

    public static void completed(Connection c, String requestId, long total, long embedded, long failed)
            throws SQLException {
        Sql.update(c, "update embed_requests set status = 'completed', total = ?, embedded = ?, failed = ?,"
                + " updated_at = now() where request_id = ?", total, embedded, failed, requestId);
    }

    public static void failed(Connection c, String requestId, String reason) throws SQLException {
        Sql.update(c, "update embed_requests set status = 'failed', reason = ?, updated_at = now() where request_id = ?",
                reason, requestId);
    }

    public static void failedItem(Connection c, String datasetId, String split, String itemId, String reason)
            throws SQLException {
        Sql.update(c, "insert into failed_items (dataset_id, split, item_id, reason) values (?, ?, ?, ?)"
                + " on conflict (dataset_id, split, item_id) do update set reason = excluded.reason, at = now()",
                datasetId, split, itemId, reason);
    }

    /** The class-list spec of the dataset's latest completed text embedding ("imagenet" or a file), if any. */
    public static Optional<String> classListOf(Connection c, String datasetId) throws SQLException {
        return Sql.first(c, "select request ->> 'classes' from embed_requests where dataset_id = ? and split = 'text'"
                + " and status = 'completed' order by updated_at desc limit 1", rs -> rs.getString(1), datasetId);
    }
}

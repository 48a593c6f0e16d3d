package dev.fewshot.store.repositories;

import dev.fewshot.contracts.EmbedRequest;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.hibernate.Session;

/**
 * {@code embed_requests} (one row per request, its status and counts) and {@code failed_items} (every image that
 * could not be embedded, with the reason). Every write is an upsert: a redelivered request rewrites its own rows and
 * never duplicates them.
 */
@Singleton
public class EmbedRequestRepository {
    private final NativeSql sql;

    /** On the session of the current unit of work (Quarkus injects the transaction-scoped one). */
    @Inject
    public EmbedRequestRepository(Session session) {
        this.sql = new NativeSql(session);
    }

    public void started(EmbedRequest r) {
        sql.update("insert into embed_requests (request_id, dataset_id, split, model_id, request, status)"
                + " values (?, ?, ?, ?, ?::jsonb, 'running') on conflict (request_id) do update set status = 'running',"
                + " reason = null, embedded = 0, failed = 0, request = excluded.request, updated_at = now()",
                r.requestId(), r.datasetId(), r.split(), NativeSql.nullable(r.modelId(), String.class), r.toJson());
    }

    public void progress(String requestId, long total, long embedded, long failed) {
        sql.update("update embed_requests set total = ?, embedded = ?, failed = ?, updated_at = now()"
                + " where request_id = ?", total, embedded, failed, requestId);
    }

    public void completed(String requestId, long total, long embedded, long failed) {
        sql.update("update embed_requests set status = 'completed', total = ?, embedded = ?, failed = ?,"
                + " updated_at = now() where request_id = ?", total, embedded, failed, requestId);
    }

    public void failed(String requestId, String reason) {
        sql.update("update embed_requests set status = 'failed', reason = ?, updated_at = now() where request_id = ?",
                NativeSql.nullable(reason, String.class), requestId);
    }

    public void failedItem(String datasetId, String split, String itemId, String reason) {
        sql.update("insert into failed_items (dataset_id, split, item_id, reason) values (?, ?, ?, ?)"
                + " on conflict (dataset_id, split, item_id) do update set reason = excluded.reason, at = now()",
                datasetId, split, itemId, NativeSql.nullable(reason, String.class));
    }

    /** The class-list spec of the dataset's latest completed text embedding ("imagenet" or a file), if any. */
    public Optional<String> classListOf(String datasetId) {
        return sql.first("select request ->> 'classes' from embed_requests where dataset_id = ? and split = 'text'"
                + " and status = 'completed' order by updated_at desc limit 1", r -> NativeSql.text(r[0]), datasetId);
    }
}

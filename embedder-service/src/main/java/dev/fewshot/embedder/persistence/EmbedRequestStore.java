package dev.fewshot.embedder.persistence;

import dev.fewshot.contracts.EmbedRequest;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/**
 * embed_requests (one row per request, its status and counts) and failed_items (every image that
 * could not be embedded, with the reason). Every write is an upsert: a redelivered request rewrites
 * its own rows and never duplicates them.
 */
@ApplicationScoped
public class EmbedRequestStore {
    @Inject
    AgroalDataSource ds;

    public void started(EmbedRequest r) throws SQLException {
        update("insert into embed_requests (request_id, dataset_id, split, model_id, request, status) "
                + "values (?, ?, ?, ?, ?::jsonb, 'running') on conflict (request_id) do update set status = 'running', "
                + "reason = null, embedded = 0, failed = 0, request = excluded.request, updated_at = now()",
                r.requestId(), r.datasetId(), r.split(), r.modelId(), r.toJson());
    }

    public void progress(String requestId, long total, long embedded, long failed) throws SQLException {
        update("update embed_requests set total = ?, embedded = ?, failed = ?, updated_at = now() where request_id = ?",
                total, embedded, failed, requestId);
    }

    public void completed(String requestId, long total, long embedded, long failed) throws SQLException {
        update("update embed_requests set status = 'completed', total = ?, embedded = ?, failed = ?, updated_at = now() "
                + "where request_id = ?", total, embedded, failed, requestId);
    }

    public void failed(String requestId, String reason) throws SQLException {
        update("update embed_requests set status = 'failed', reason = ?, updated_at = now() where request_id = ?",
                reason, requestId);
    }

    public void failedItem(String datasetId, String split, String itemId, String reason) throws SQLException {
        update("insert into failed_items (dataset_id, split, item_id, reason) values (?, ?, ?, ?) "
                + "on conflict (dataset_id, split, item_id) do update set reason = excluded.reason, at = now()",
                datasetId, split, itemId, reason);
    }

    private void update(String sql, Object... args) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                if (args[i] == null) {
                    ps.setNull(i + 1, Types.VARCHAR);
                } else {
                    ps.setObject(i + 1, args[i]);
                }
            }
            ps.executeUpdate();
        }
    }
}

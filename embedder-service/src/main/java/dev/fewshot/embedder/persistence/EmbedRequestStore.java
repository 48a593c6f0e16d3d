package dev.fewshot.embedder.persistence;

import dev.fewshot.contracts.EmbedRequest;
import dev.fewshot.service.persistence.Db;
import dev.fewshot.store.tables.EmbedRequestsTable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;

/**
 * The embedder's records of its requests (store's {@link EmbedRequestsTable}): status and counts per request, and
 * every image that could not be embedded, with the reason. Each call is one autocommit statement; a failure goes to
 * the job, which fails the request or leaves it for redelivery.
 */
@ApplicationScoped
public class EmbedRequestStore {
    @Inject
    Db db;

    public void started(EmbedRequest r) throws SQLException {
        db.call(c -> {
            EmbedRequestsTable.started(c, r);
            return null;
        });
    }

    public void progress(String requestId, long total, long embedded, long failed) throws SQLException {
        db.call(c -> {
            EmbedRequestsTable.progress(c, requestId, total, embedded, failed);
            return null;
        });
    }

    public void completed(String requestId, long total, long embedded, long failed) throws SQLException {
        db.call(c -> {
            EmbedRequestsTable.completed(c, requestId, total, embedded, failed);
            return null;
        });
    }

    public void failed(String requestId, String reason) throws SQLException {
        db.call(c -> {
            EmbedRequestsTable.failed(c, requestId, reason);
            return null;
        });
    }

    public void failedItem(String datasetId, String split, String itemId, String reason) throws SQLException {
        db.call(c -> {
            EmbedRequestsTable.failedItem(c, datasetId, split, itemId, reason);
            return null;
        });
    }
}

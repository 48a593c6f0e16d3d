package dev.fewshot.embedder.persistence;

import dev.fewshot.contracts.EmbedRequest;
import dev.fewshot.service.persistence.Db;
import dev.fewshot.store.repositories.EmbedRequestRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;

/**
 * The embedder's records of its requests (store's {@link EmbedRequestRepository}): status and counts per request,
 * and every image that could not be embedded, with the reason. Each call is one statement in a unit of its own; a
 * failure goes to the job, which fails the request or leaves it for redelivery.
 */
@ApplicationScoped
public class EmbedRequestStore {
    @Inject
    Db db;

    @Inject
    EmbedRequestRepository requests;

    public void started(EmbedRequest r) throws SQLException {
        db.transaction(() -> {
            requests.started(r);
            return null;
        });
    }

    public void progress(String requestId, long total, long embedded, long failed) throws SQLException {
        db.transaction(() -> {
            requests.progress(requestId, total, embedded, failed);
            return null;
        });
    }

    public void completed(String requestId, long total, long embedded, long failed) throws SQLException {
        db.transaction(() -> {
            requests.completed(requestId, total, embedded, failed);
            return null;
        });
    }

    public void failed(String requestId, String reason) throws SQLException {
        db.transaction(() -> {
            requests.failed(requestId, reason);
            return null;
        });
    }

    public void failedItem(String datasetId, String split, String itemId, String reason) throws SQLException {
        db.transaction(() -> {
            requests.failedItem(datasetId, split, itemId, reason);
            return null;
        });
    }
}

package dev.fewshot.store.repositories;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.hibernate.Session;

/** {@code datasets} and {@code dataset_splits}: what the services have read of a dataset (upserts). */
@Singleton
public class DatasetRepository {
    /** One split as read: its rows and the items that could not be embedded. */
    public record SplitCount(String split, long items, long failed) {
    }

    private final NativeSql sql;

    /** On the session of the current unit of work (Quarkus injects the transaction-scoped one). */
    @Inject
    public DatasetRepository(Session session) {
        this.sql = new NativeSql(session);
    }

    /** Records the dataset and its splits; call inside one unit of work so both change together. */
    public void upsert(String datasetId, String modelId, int dim, int numClasses, Iterable<SplitCount> splits) {
        sql.update("insert into datasets (dataset_id, model_id, dim, num_classes) values (?, ?, ?, ?)"
                + " on conflict (dataset_id) do update set model_id = excluded.model_id, dim = excluded.dim,"
                + " num_classes = excluded.num_classes", datasetId, NativeSql.nullable(modelId, String.class), dim,
                numClasses);
        for (SplitCount s : splits) {
            sql.update("insert into dataset_splits (dataset_id, split, item_count, failed_count, completed_at)"
                    + " values (?, ?, ?, ?, now()) on conflict (dataset_id, split) do update set"
                    + " item_count = excluded.item_count, failed_count = excluded.failed_count,"
                    + " completed_at = coalesce(dataset_splits.completed_at, excluded.completed_at)",
                    datasetId, s.split(), s.items(), s.failed());
        }
    }

    /** The embedding model the dataset's vectors came from, when recorded. */
    public Optional<String> modelOf(String datasetId) {
        return sql.first("select model_id from datasets where dataset_id = ?", r -> NativeSql.text(r[0]), datasetId);
    }
}

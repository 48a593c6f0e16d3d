package dev.fewshot.store.tables;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/** {@code datasets} and {@code dataset_splits}: what the services have read of a dataset (upserts). */
public final class DatasetsTable {
    /** One split as read: its rows and the items that could not be embedded. */
    public record SplitCount(String split, long items, long failed) {
    }

    private DatasetsTable() {
    }

    /** Records the dataset and its splits; call inside one transaction so both change together. */
    public static void upsert(Connection c, String datasetId, String modelId, int dim, int numClasses,
                              Iterable<SplitCount> splits) throws SQLException {
        Sql.update(c, "insert into datasets (dataset_id, model_id, dim, num_classes) values (?, ?, ?, ?)"
                + " on conflict (dataset_id) do update set model_id = excluded.model_id, dim = excluded.dim,"
                + " num_classes = excluded.num_classes", datasetId, modelId, dim, numClasses);
        for (SplitCount s : splits) {
            Sql.update(c, "insert into dataset_splits (dataset_id, split, item_count, failed_count, completed_at)"
                    + " values (?, ?, ?, ?, now()) on conflict (dataset_id, split) do update set"
                    + " item_count = excluded.item_count, failed_count = excluded.failed_count,"
                    + " completed_at = coalesce(dataset_splits.completed_at, excluded.completed_at)",
                    datasetId, s.split(), s.items(), s.failed());
        }
    }

    /** The embedding model the dataset's vectors came from, when recorded. */
    public static Optional<String> modelOf(Connection c, String datasetId) throws SQLException {
        return Sql.first(c, "select model_id from datasets where dataset_id = ?", rs -> rs.getString(1), datasetId);
    }
}

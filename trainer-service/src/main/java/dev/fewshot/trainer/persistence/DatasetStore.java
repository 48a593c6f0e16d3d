package dev.fewshot.trainer.persistence;

import dev.fewshot.vectors.SplitData;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** datasets and dataset_splits: what the trainer has read of a dataset (upserts; the evaluator writes them too). */
@ApplicationScoped
public class DatasetStore {
    @Inject
    AgroalDataSource ds;

    public void upsert(String datasetId, String modelId, int dim, int numClasses, Iterable<SplitData> splits)
            throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement d = c.prepareStatement("insert into datasets (dataset_id, model_id, dim, num_classes) "
                    + "values (?, ?, ?, ?) on conflict (dataset_id) do update set model_id = excluded.model_id, "
                    + "dim = excluded.dim, num_classes = excluded.num_classes");
                 PreparedStatement s = c.prepareStatement("insert into dataset_splits (dataset_id, split, item_count, "
                         + "failed_count, completed_at) values (?, ?, ?, ?, now()) on conflict (dataset_id, split) do update "
                         + "set item_count = excluded.item_count, failed_count = excluded.failed_count, "
                         + "completed_at = coalesce(dataset_splits.completed_at, excluded.completed_at)")) {
                d.setString(1, datasetId);
                d.setString(2, modelId);
                d.setInt(3, dim);
                d.setInt(4, numClasses);
                d.executeUpdate();
                for (SplitData sd : splits) {
                    s.setString(1, datasetId);
                    s.setString(2, sd.split().id());
                    s.setLong(3, sd.size());
                    s.setLong(4, sd.failedCount());
                    s.executeUpdate();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }
}

package dev.fewshot.trainer.persistence;

import dev.fewshot.service.persistence.Db;
import dev.fewshot.store.tables.DatasetsTable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;

/** datasets and dataset_splits: what the trainer has read of a dataset (store's upserts, one transaction). */
@ApplicationScoped
public class DatasetStore {
    @Inject
    Db db;

    public void upsert(String datasetId, String modelId, int dim, int numClasses,
                       Iterable<DatasetsTable.SplitCount> splits) throws SQLException {
        db.transaction(c -> { // a failure parks the run, as the trainer's other writes do
            DatasetsTable.upsert(c, datasetId, modelId, dim, numClasses, splits);
            return null;
        });
    }
}

package dev.fewshot.trainer.persistence;

import dev.fewshot.service.persistence.Db;
import dev.fewshot.store.repositories.DatasetRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;

/** datasets and dataset_splits: what the trainer has read of a dataset (store's upserts, one transaction). */
@ApplicationScoped
public class DatasetStore {
    @Inject
    Db db;

    @Inject
    DatasetRepository datasets;

    public void upsert(String datasetId, String modelId, int dim, int numClasses,
                       Iterable<DatasetRepository.SplitCount> splits) throws SQLException {
        db.transaction(() -> { // a failure parks the run, as the trainer's other writes do
            datasets.upsert(datasetId, modelId, dim, numClasses, splits);
            return null;
        });
    }
}

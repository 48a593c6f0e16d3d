package dev.fewshot.store.entities;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.hibernate.annotations.Immutable;

/** A row of {@code failed_items}: an image of a dataset split that the embedder could not embed (read-only). */
@Entity
@Immutable
@Table(name = "failed_items")
@IdClass(FailedItemEntity.Key.class)
public class FailedItemEntity extends PanacheEntityBase {
    @Id
    @Column(name = "dataset_id")
    public String datasetId;

    @Id
    @Column(name = "split")
    public String split;

    @Id
    @Column(name = "item_id")
    public String itemId;

    @Column(name = "reason")
    public String reason;

    /** Column {@code at}; named otherwise because AT is an HQL keyword. */
    @Column(name = "at")
    public Instant occurredAt;

    /** The failed items of a dataset, by split and item id. */
    public static List<FailedItemEntity> ofDataset(String datasetId) {
        return list("datasetId", Sort.by("split").and("itemId"), datasetId);
    }

    /** The primary key (dataset_id, split, item_id). */
    public static class Key implements Serializable {
        public String datasetId;
        public String split;
        public String itemId;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && Objects.equals(datasetId, other.datasetId)
                    && Objects.equals(split, other.split) && Objects.equals(itemId, other.itemId);
        }

        @Override
        public int hashCode() {
            return Objects.hash(datasetId, split, itemId);
        }
    }
}

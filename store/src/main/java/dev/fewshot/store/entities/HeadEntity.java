package dev.fewshot.store.entities;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Basic;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;
import org.hibernate.annotations.Immutable;

/** A row of {@code heads}, read-only: heads are inserted through HeadRepository ({@code on conflict do nothing}). */
@Entity
@Immutable
@Table(name = "heads")
@IdClass(HeadEntity.Key.class)
public class HeadEntity extends PanacheEntityBase {
    @Id
    @Column(name = "run_id")
    public String runId;

    @Id
    @Column(name = "head")
    public String head;

    @Id
    @Column(name = "k")
    public int k;

    @Id
    @Column(name = "seed")
    public long seed;

    @Column(name = "format_version")
    public int formatVersion;

    /** HeadCodec bytes; lazy because the trainer only asks whether a row exists. */
    @Basic(fetch = FetchType.LAZY)
    @Column(name = "params")
    public byte[] params;

    @Column(name = "dims")
    public int dims;

    @Column(name = "classes")
    public int classes;

    @Column(name = "hyper")
    public Double hyper;

    @Column(name = "support_size")
    public int supportSize;

    @Column(name = "short_classes")
    public int shortClasses;

    @Column(name = "fit_ms")
    public long fitMs;

    @Column(name = "created_at")
    public Instant createdAt;

    public static boolean exists(String runId, String head, int k, long seed) {
        return count("runId = ?1 and head = ?2 and k = ?3 and seed = ?4", runId, head, k, seed) > 0;
    }

    /** The primary key (run_id, head, k, seed). */
    public static class Key implements Serializable {
        public String runId;
        public String head;
        public int k;
        public long seed;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key other && Objects.equals(runId, other.runId) && Objects.equals(head, other.head)
                    && k == other.k && seed == other.seed;
        }

        @Override
        public int hashCode() {
            return Objects.hash(runId, head, k, seed);
        }
    }
}

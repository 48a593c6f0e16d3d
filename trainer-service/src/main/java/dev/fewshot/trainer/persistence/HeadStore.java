package dev.fewshot.trainer.persistence;

import dev.fewshot.core.heads.HeadCodec;
import dev.fewshot.core.sweep.Sweep;
import dev.fewshot.core.sweep.Trainers;
import dev.fewshot.trainer.persistence.entities.HeadEntity;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;

/** The heads table: one fitted head per (run, head, K, seed), parameters in the HeadCodec format. */
@ApplicationScoped
public class HeadStore {
    @Inject
    AgroalDataSource ds;

    /** A standalone read (own session, autocommit). */
    @ActivateRequestContext
    public boolean exists(String runId, Sweep.Step step) throws SQLException {
        return OrmReads.read("looking up head of run " + runId,
                () -> HeadEntity.exists(runId, step.head().id(), step.k(), step.seed()));
    }

    /** Stores a fitted head; a row already there (redelivery, restart) is kept as it is. */
    public boolean insert(String runId, Sweep.FittedHead fitted) throws SQLException {
        Sweep.Step step = fitted.step();
        double hyper = Trainers.hyper(fitted.head());
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("insert into heads (run_id, head, k, seed, format_version, params, "
                     + "dims, classes, hyper, support_size, short_classes, fit_ms) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                     + "on conflict do nothing")) {
            ps.setString(1, runId);
            ps.setString(2, step.head().id());
            ps.setInt(3, step.k());
            ps.setLong(4, step.seed());
            ps.setInt(5, HeadCodec.VERSION);
            ps.setBytes(6, HeadCodec.encode(fitted.head()));
            ps.setInt(7, fitted.head().dim());
            ps.setInt(8, fitted.head().numClasses());
            if (Double.isNaN(hyper)) {
                ps.setNull(9, Types.DOUBLE);
            } else {
                ps.setDouble(9, hyper);
            }
            ps.setInt(10, fitted.supportSize());
            ps.setInt(11, fitted.shortClasses());
            ps.setLong(12, fitted.fitMs());
            return ps.executeUpdate() == 1;
        }
    }
}

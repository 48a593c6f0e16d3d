package dev.fewshot.trainer.persistence;

import dev.fewshot.contracts.Provenance;
import dev.fewshot.core.heads.HeadCodec;
import dev.fewshot.core.sweep.Sweep;
import dev.fewshot.core.sweep.Trainers;
import dev.fewshot.store.entities.HeadEntity;
import dev.fewshot.service.persistence.Db;
import dev.fewshot.store.repositories.HeadRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import java.sql.SQLException;

/** The heads table: one fitted head per (run, head, K, seed), parameters in the HeadCodec format. */
@ApplicationScoped
public class HeadStore {
    @Inject
    Db db;

    @Inject
    HeadRepository heads;

    /** A standalone read (own session, no transaction). */
    @ActivateRequestContext
    public boolean exists(String runId, Sweep.Step step) throws SQLException {
        return OrmReads.read("looking up head of run " + runId,
                () -> HeadEntity.exists(runId, step.head().id(), step.k(), step.seed()));
    }

    /** Stores a fitted head with its provenance; a row already there (redelivery, restart) is kept as it is. */
    public boolean insert(String runId, Sweep.FittedHead fitted, Provenance provenance) throws SQLException {
        Sweep.Step step = fitted.step();
        double hyper = Trainers.hyper(fitted.head());
        HeadRepository.NewHead row = new HeadRepository.NewHead(step.head().id(), step.k(), step.seed(), HeadCodec.VERSION,
                HeadCodec.encode(fitted.head()), fitted.head().dim(), fitted.head().numClasses(),
                Double.isNaN(hyper) ? null : hyper, fitted.supportSize(), fitted.shortClasses(), fitted.fitMs(),
                provenance);
        return db.transaction(() -> heads.insert(runId, row));
    }
}

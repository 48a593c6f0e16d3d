package dev.fewshot.evaluator.evaluation;

import dev.fewshot.contracts.RunStatus;
import dev.fewshot.contracts.InvalidMessageException;
import dev.fewshot.contracts.RunEvent;
import dev.fewshot.contracts.RunRequest;
import dev.fewshot.core.heads.Head;
import dev.fewshot.core.heads.HeadCodec;
import dev.fewshot.core.heads.HeadKind;
import dev.fewshot.core.linalg.Gemms;
import dev.fewshot.core.sweep.PlotRows;
import dev.fewshot.core.sweep.Sweep;
import dev.fewshot.core.sweep.SweepConfig;
import dev.fewshot.evaluator.messaging.RunEventPublisher;
import dev.fewshot.service.persistence.Db;
import dev.fewshot.store.repositories.EventRepository;
import dev.fewshot.store.repositories.HeadRepository;
import dev.fewshot.store.repositories.HeadRepository.HeadRow;
import dev.fewshot.store.repositories.MetricRepository;
import dev.fewshot.store.repositories.PlotRepository;
import dev.fewshot.store.repositories.RunRepository;
import dev.fewshot.store.repositories.RunRepository.RunRow;
import dev.fewshot.store.repositories.RunRepository.RunState;
import dev.fewshot.contracts.Provenance;
import dev.fewshot.contracts.RunConfigs;
import dev.fewshot.core.provenance.Versions;
import dev.fewshot.vectors.SplitNotReadyException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Evaluates one trained head: loads the run, its stored head and the dataset's test and OOD
 * splits, scores the head with the core's {@link Sweep#evaluate} (the same code as
 * {@code fewshot sweep}, so the numbers are bit-identical), stores the result rows and completes
 * the run once every planned step has metrics.
 *
 * <p>Every step is idempotent: metrics and events are keyed, so a redelivered event adds nothing
 * and publishes nothing twice (an event is published only when its row is first recorded, inside
 * the same transaction).
 */
@ApplicationScoped
public class HeadEvaluator {
    private static final Logger LOG = Logger.getLogger(HeadEvaluator.class);

    @Inject
    Db db;

    @Inject
    RunRepository runs;

    @Inject
    HeadRepository heads;

    @Inject
    MetricRepository metrics;

    @Inject
    PlotRepository plots;

    @Inject
    EventRepository eventLog;

    @Inject
    SplitCache splits;

    @Inject
    RunEventPublisher events;

    @Inject
    MeterRegistry registry;

    private final Sweep sweep = new Sweep(Gemms.defaultGemm());

    /**
     * What the first transaction found. The trainer stores a run's heads in plan order, zero-shot first, before it
     * announces any of them: so when a plan has zero-shot, its head is always there for the other heads' comparison.
     */
    private record Loaded(RunRow run, HeadRow head, HeadRow zeroShot, boolean alreadyEvaluated) {
    }

    /** Decoded zero-shot heads by run, so that the core's baseline cache sees the same head for every step. */
    private final java.util.Map<String, Head> zeroShotHeads = java.util.Collections.synchronizedMap(
            new java.util.LinkedHashMap<>(16, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<String, Head> eldest) {
                    return size() > 8;
                }
            });

    /**
     * Handles a heads_trained event.
     *
     * @throws InvalidMessageException the event itself is unusable (no head/k/seed, unknown head, unknown run)
     * @throws SQLException            a database failure (transient ones were already retried)
     */
    public void onHeadsTrained(RunEvent e) throws SQLException {
        Sweep.Step step = step(e);
        String runId = e.runId();
        Loaded loaded = db.inTransaction("load run " + runId, () -> {
            RunRow run = runs.find(runId).orElse(null);
            if (run == null) {
                return null;
            }
            HeadRow head = heads.find(runId, e.head(), e.k(), e.seed()).orElse(null);
            HeadRow zeroShot = step.head() == HeadKind.ZERO_SHOT ? null
                    : heads.findZeroShot(runId).orElse(null);
            return new Loaded(run, head, zeroShot, metrics.has(runId, e.head(), e.k(), e.seed()));
        });
        if (loaded == null) {
            throw new InvalidMessageException("heads_trained event for unknown run '" + runId + "'");
        }
        if (RunStatus.FAILED.is(loaded.run().status())) {
            LOG.infof("run %s has failed; not evaluating %s k=%d seed=%d", runId, e.head(), e.k(), e.seed());
            return;
        }
        Evaluation rows = new Evaluation(new PlotRows.Evaluated(List.of(), List.of(), List.of()), null);
        if (!loaded.alreadyEvaluated()) {
            try {
                rows = evaluate(loaded, step);
            } catch (RunFailedException f) {
                fail(runId, f.getMessage());
                return;
            }
        }
        store(runId, step, rows);
    }

    private static Sweep.Step step(RunEvent e) {
        if (e.head() == null || e.k() == null || e.seed() == null) {
            throw new InvalidMessageException("heads_trained event for run '" + e.runId() + "' needs head, k and seed");
        }
        try {
            return new Sweep.Step(HeadKind.fromId(e.head()), e.k(), e.seed());
        } catch (IllegalArgumentException ex) {
            throw new InvalidMessageException("heads_trained event for run '" + e.runId() + "': " + ex.getMessage());
        }
    }

    /** A step's rows and plots, and what produced them (null when the step was already stored). */
    private record Evaluation(PlotRows.Evaluated plots, Provenance provenance) {
    }

    private static final java.util.Map<String, String> SOFTWARE = Versions.runtime();

    private Evaluation evaluate(Loaded loaded, Sweep.Step step) throws RunFailedException {
        RunRow run = loaded.run();
        String what = step.head().id() + " k=" + step.k() + " seed=" + step.seed();
        RunRequest request;
        SweepConfig cfg;
        try {
            request = RunRequest.parse(run.requestJson());
            cfg = RunConfigs.toSweepConfig(request);
        } catch (IllegalArgumentException ex) {
            throw new RunFailedException("run request: " + ex.getMessage(), ex);
        }
        if (loaded.head() == null) {
            throw new RunFailedException("no stored head " + what + " for run '" + run.runId() + "'");
        }
        Head head;
        try {
            head = HeadCodec.decode(loaded.head().params());
        } catch (IllegalArgumentException ex) {
            throw new RunFailedException("stored head " + what + ": " + ex.getMessage(), ex);
        }
        if (head.kind() != step.head()) {
            throw new RunFailedException("stored head " + what + " is a " + head.kind().id() + " head");
        }
        EvalSplits data;
        try {
            data = splits.get(run.datasetId());
        } catch (SplitNotReadyException ex) {
            throw new RunFailedException(ex.getMessage(), ex);
        }
        SplitChecks.check(run.datasetId(), data, head, loaded.head().modelId(), request.modelId());
        HeadRow h = loaded.head();
        Sweep.FittedHead fitted = new Sweep.FittedHead(step, head, h.supportSize(), h.shortClasses(), h.fitMs());
        Head zeroShot = zeroShot(run.runId(), loaded.zeroShot());
        Timer.Sample sample = Timer.start(registry);
        PlotRows.Evaluated rows;
        try {
            // Result rows plus the report's histograms and reliability bins, from one scoring pass.
            rows = sweep.evaluateWithPlots(fitted, data.test().x(), data.test().labels(), data.ood().x(), cfg,
                    zeroShot);
        } catch (RuntimeException ex) {
            // During JVM shutdown ONNX Runtime's own hook closes its environment under in-flight work: not the run's fault.
            if (dev.fewshot.service.lifecycle.JvmShutdown.inProgress()) {
                throw new dev.fewshot.service.lifecycle.StoppedByShutdown("evaluating " + what + " of run '"
                        + run.runId() + "'", ex);
            }
            // Inputs the checks above did not catch: fail this run rather than replay the record forever.
            throw new RunFailedException("evaluating " + what + " on dataset '" + run.datasetId() + "': " + ex, ex);
        }
        sample.stop(registry.timer("fewshot.evaluator.head.evaluation", "head", step.head().id()));
        java.util.Map<String, String> publications = new java.util.LinkedHashMap<>();
        java.util.Map<String, Long> sizes = new java.util.LinkedHashMap<>();
        for (dev.fewshot.vectors.SplitData split : List.of(data.test(), data.ood())) {
            publications.put(split.split().id(), split.publication());
            sizes.put(split.split().id(), (long) split.size());
        }
        return new Evaluation(rows, new Provenance(Provenance.VERSION, Provenance.EVALUATION, SOFTWARE,
                data.test().modelId(), run.datasetId(), publications, sizes, step.head().id(), step.k(), step.seed(),
                null, null, null, null, null, loaded.head().formatVersion()));
    }

    /** The run's zero-shot head for the paired comparison columns, or null when its plan has none. */
    private Head zeroShot(String runId, HeadRow row) throws RunFailedException {
        if (row == null) {
            return null;
        }
        Head cached = zeroShotHeads.get(runId);
        if (cached != null) {
            return cached;
        }
        Head head;
        try {
            head = HeadCodec.decode(row.params());
        } catch (IllegalArgumentException ex) {
            throw new RunFailedException("stored zero-shot head of run '" + runId + "': " + ex.getMessage(), ex);
        }
        if (head.kind() != HeadKind.ZERO_SHOT) {
            throw new RunFailedException("the stored zero-shot head of run '" + runId + "' is a " + head.kind().id()
                    + " head");
        }
        zeroShotHeads.put(runId, head);
        return head;
    }

    /**
     * Stores rows with their histograms, reliability bins and conformal calibration scores (one transaction, so the report never sees metrics
     * without plots), records the evaluated event, and completes the run when every planned step has metrics.
     */
    private void store(String runId, Sweep.Step step, Evaluation evaluation) throws SQLException {
        PlotRows.Evaluated rows = evaluation.plots();
        String head = step.head().id();
        // Events are published after the commit: a transaction that is retried publishes nothing twice.
        List<RunEvent> toPublish = db.inTransaction("store metrics of run " + runId, () -> {
            List<RunEvent> out = new java.util.ArrayList<>();
            RunState state = runs.lock(runId).orElse(null);
            if (state == null || RunStatus.FAILED.is(state.status())) {
                return out;
            }
            metrics.insert(runId, rows.rows());
            plots.insertHistograms(runId, rows.histograms());
            plots.insertReliability(runId, rows.reliability());
            plots.insertConformalScores(runId, rows.conformal());
            if (evaluation.provenance() != null) {
                heads.insertEvaluation(runId, head, step.k(), step.seed(), evaluation.provenance());
            }
            int done = runs.doneSteps(runId);
            RunEvent evaluated = new RunEvent(RunEvent.VERSION, runId, RunEvent.Type.evaluated, step.k(), step.seed(),
                    head, null, done, state.totalSteps(), now());
            if (eventLog.record("evaluated/" + head + "/" + step.k() + "/" + step.seed(), evaluated)) {
                out.add(evaluated);
            }
            if (state.totalSteps() != null && done >= state.totalSteps()) {
                runs.finish(runId, RunStatus.COMPLETED, null);
                RunEvent completed = new RunEvent(RunEvent.VERSION, runId, RunEvent.Type.completed, null, null, null,
                        null, done, state.totalSteps(), now());
                if (eventLog.record("completed", completed)) {
                    LOG.infof("run %s completed: %d of %d steps evaluated", runId, done, state.totalSteps());
                    out.add(completed);
                }
            }
            return out;
        });
        toPublish.forEach(events::publish);
        registry.counter("fewshot.evaluator.heads.evaluated").increment();
    }

    /** Fails the run with a reason naming the input, unless it already completed. */
    public void fail(String runId, String reason) throws SQLException {
        LOG.warnf("run %s failed: %s", runId, reason);
        RunEvent failed = db.inTransaction("fail run " + runId, () -> {
            RunState state = runs.lock(runId).orElse(null);
            if (state == null || RunStatus.COMPLETED.is(state.status())) {
                return null;
            }
            runs.finish(runId, RunStatus.FAILED, reason);
            RunEvent event = RunEvent.failed(runId, reason, now());
            return eventLog.record("failed", event) ? event : null;
        });
        if (failed != null) { // after the commit, as in store()
            events.publish(failed);
            registry.counter("fewshot.evaluator.runs.failed").increment();
        }
    }

    private static String now() {
        return Instant.now().toString();
    }
}

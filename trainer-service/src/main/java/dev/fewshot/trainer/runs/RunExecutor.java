package dev.fewshot.trainer.runs;

import dev.fewshot.contracts.RunStatus;
import dev.fewshot.service.errors.Failures;
import dev.fewshot.service.errors.TransientException;
import dev.fewshot.contracts.RunRequest;
import dev.fewshot.contracts.Split;
import dev.fewshot.core.heads.HeadKind;
import dev.fewshot.core.linalg.Gemms;
import dev.fewshot.core.sweep.Sweep;
import dev.fewshot.core.sweep.SweepConfig;
import dev.fewshot.contracts.RunConfigs;
import dev.fewshot.vectors.SplitData;
import dev.fewshot.vectors.SplitNotReadyException;
import dev.fewshot.vectors.SplitReader;
import dev.fewshot.service.lifecycle.JvmShutdown;
import dev.fewshot.service.lifecycle.StoppedByShutdown;
import dev.fewshot.trainer.TrainerConfig;
import dev.fewshot.store.repositories.DatasetRepository;
import dev.fewshot.trainer.persistence.DatasetStore;
import dev.fewshot.trainer.persistence.HeadStore;
import dev.fewshot.trainer.persistence.RunStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Fits the heads of one run, step by step in plan order. Every step is idempotent (a stored head
 * is not refitted, a recorded event not re-sent), so a run interrupted anywhere is finished by
 * executing it again, with the same heads: fitting is deterministic.
 */
@ApplicationScoped
public class RunExecutor {
    private static final Logger LOG = Logger.getLogger(RunExecutor.class);

    @Inject
    RunStore runs;
    @Inject
    HeadStore heads;
    @Inject
    DatasetStore datasets;
    @Inject
    EventLog events;
    @Inject
    TrainerMetrics metrics;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;
    @Inject
    TrainerConfig config;

    private final Sweep sweep = new Sweep(Gemms.defaultGemm());

    /**
     * Executes the run if the trainer still owes work on it. SQL and transient failures propagate
     * (the run stays queued and is retried); anything wrong with the run itself fails it.
     */
    public void execute(String runId) throws SQLException, InterruptedException {
        RunStore.RunRow run = runs.find(runId).orElse(null);
        if (run == null || !(RunStatus.ACCEPTED.is(run.status()) || RunStatus.TRAINING.is(run.status()))) {
            return;
        }
        try {
            train(run);
        } catch (RunFailedException e) {
            fail(runId, e.getMessage());
        } catch (TransientException e) {
            throw e;
        } catch (SQLException e) {
            if (Failures.isTransient(e)) {
                throw e;
            }
            // The database refuses something of this run's (a value it cannot store): every retry would too.
            LOG.errorf(e, "run %s failed in the database", runId);
            fail(runId, "the database refused the run: " + Failures.reason(e));
        } catch (RuntimeException e) {
            // Shutdown: ONNX Runtime's JVM hook closes its environment under in-flight fits; resume later.
            if (e instanceof org.apache.kafka.common.errors.InterruptException || JvmShutdown.inProgress()) {
                throw new StoppedByShutdown("run " + runId, e); // resume later, in this process or the next
            }
            if (Failures.isTransient(e)) {
                // The broker or database is away (found by killing Kafka mid-run: a metadata timeout failed the
                // run for good): the run is parked and tried again, not failed.
                throw new TransientException("run " + runId + ": " + Failures.reason(e), e);
            }
            LOG.errorf(e, "run %s failed", runId);
            fail(runId, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private void train(RunStore.RunRow run) throws RunFailedException, SQLException, InterruptedException {
        String runId = run.runId();
        SweepConfig cfg;
        RunRequest request;
        try {
            request = RunRequest.parse(run.requestJson());
            cfg = RunConfigs.toSweepConfig(request);
        } catch (IllegalArgumentException e) {
            throw new RunFailedException("invalid run request: " + e.getMessage());
        }
        runs.transition(runId, RunStatus.ACCEPTED, RunStatus.TRAINING);
        TrainingData data = read(run.datasetId(), cfg);
        if (request.modelId() != null && !request.modelId().equals(data.modelId())) {
            throw new RunFailedException("the run asks for model '" + request.modelId() + "' but dataset '"
                    + run.datasetId() + "' was embedded with '" + data.modelId() + "'");
        }
        datasets.upsert(run.datasetId(), data.modelId(), data.dim(), data.numClasses(),
                (data.hasText() ? List.of(data.train(), data.text()) : List.of(data.train())).stream()
                        .map(sd -> new DatasetRepository.SplitCount(sd.split().id(), sd.size(), sd.failedCount())).toList());
        List<Sweep.Step> plan = Sweep.plan(data.hasText(), cfg);
        if (plan.isEmpty()) {
            throw new RunFailedException("the run has no steps: no head of " + cfg.heads()
                    + " applies to shots " + cfg.shots());
        }
        runs.setTotalSteps(runId, plan.size());
        Sweep.TrainPool pool = data.pool();
        for (int i = 0; i < plan.size(); i++) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("shutting down during run " + runId);
            }
            if (!RunStatus.TRAINING.is(runs.status(runId).orElse(null))) {
                LOG.infof("run %s left training (%s), stopping", runId, runs.status(runId).orElse("deleted"));
                return;
            }
            Sweep.Step step = plan.get(i);
            if (!heads.exists(runId, step)) {
                Sweep.FittedHead fitted = sweep.fit(step, pool, data.textX(), data.negativesX(), cfg);
                heads.insert(runId, fitted, FitProvenance.of(data, fitted, cfg));
                metrics.headFitted(step.head().id(), fitted.fitMs());
            }
            events.headsTrained(runId, step, i + 1, plan.size());
        }
        runs.transition(runId, RunStatus.TRAINING, RunStatus.EVALUATING);
        metrics.runTrained();
        LOG.infof("run %s: %d heads trained", runId, plan.size());
    }

    private TrainingData read(String datasetId, SweepConfig cfg) throws RunFailedException {
        Set<Split> splits = EnumSet.of(Split.TRAIN);
        if (cfg.heads().stream().anyMatch(HeadKind::needsText)) {
            splits.add(Split.TEXT);
        }
        if (cfg.scores().contains(dev.fewshot.core.ood.OodScore.NEGLABEL) && cfg.heads().contains(HeadKind.ZERO_SHOT)
                && cfg.shots().contains(0)) {
            splits.add(Split.NEGATIVES); // the zero-shot head mines NegLabel's bank from them
        }
        Map<Split, SplitData> read;
        try {
            read = new SplitReader(bootstrapServers, config.topics().vectors()).read(datasetId, splits,
                    config.trainer().splitTimeout());
        } catch (SplitNotReadyException e) {
            throw new RunFailedException(e.getMessage());
        }
        checkPlan(datasetId, read.get(Split.TRAIN), cfg);
        return TrainingData.checked(datasetId, read);
    }

    /**
     * A train split embedded for a plan holds only the nested support sets of its seeds up to its largest K. Any
     * other seed, or a larger K, would be drawn from that subset and differ from what {@code fewshot sweep} draws
     * from the whole split, silently: such a run fails, saying how to embed the split for it.
     */
    static void checkPlan(String datasetId, dev.fewshot.vectors.SplitData train, SweepConfig cfg)
            throws RunFailedException {
        dev.fewshot.contracts.VectorBatch.EmbedPlan plan = train == null ? null : train.plan();
        if (plan == null) {
            return;
        }
        List<Long> seeds = cfg.seeds().stream().filter(s -> !plan.seeds().contains(s)).toList();
        List<Integer> shots = cfg.shots().stream().filter(k -> k > plan.maxShots()).toList();
        boolean fits = cfg.heads().stream().noneMatch(HeadKind::usesShots)
                || cfg.shots().stream().allMatch(k -> k == 0) || (seeds.isEmpty() && shots.isEmpty());
        if (!fits) {
            throw new RunFailedException("dataset '" + datasetId + "': its train split was embedded only for seeds "
                    + plan.seeds() + " and K <= " + plan.maxShots() + " (publication '" + train.publication()
                    + "'), so " + (seeds.isEmpty() ? "" : "seeds " + seeds + " ") + (shots.isEmpty() ? "" : "K "
                    + shots + " ") + "would get other support sets than fewshot sweep draws; embed the train split"
                    + " again with this run's plan, or with all=true");
        }
    }

    /** Event first, then status: a crash in between leaves the run queued, and the retry only sets the status. */
    private void fail(String runId, String reason) throws SQLException {
        LOG.warnf("run %s failed: %s", runId, reason);
        events.failed(runId, reason);
        if (runs.fail(runId, reason)) {
            metrics.runFailed();
        }
    }
}

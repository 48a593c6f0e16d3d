package dev.fewshot.trainer.runs;

import dev.fewshot.service.errors.RetryPolicy;
import dev.fewshot.service.errors.TransientException;
import dev.fewshot.service.lifecycle.StoppedByShutdown;
import dev.fewshot.trainer.TrainerConfig;
import dev.fewshot.store.repositories.RunLockRepository;
import dev.fewshot.trainer.persistence.RunStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The one thread that fits heads. It takes unfinished runs (accepted or training) from the
 * database oldest first, so runs interrupted by a stop are resumed on start-up. It sleeps until
 * woken by a new request or the poll interval passes; database or broker outages are retried with
 * bounded exponential back-off, and the run stays queued meanwhile.
 */
@ApplicationScoped
public class RunWorker {
    private static final Logger LOG = Logger.getLogger(RunWorker.class);

    @Inject
    RunStore runs;
    @Inject
    RunLockRepository locks;
    @Inject
    RunExecutor executor;
    @Inject
    TrainerMetrics metrics;

    @Inject
    TrainerConfig config;

    private final Semaphore wakeups = new Semaphore(0);
    private volatile Thread thread;
    private volatile boolean running;
    private volatile Instant lastLoop = Instant.now();

    void onStart(@Observes StartupEvent ev) {
        if (!config.trainer().worker().enabled()) {
            LOG.info("run worker disabled (fewshot.trainer.worker.enabled=false)");
            return;
        }
        running = true;
        thread = new Thread(this::loop, "fewshot-run-worker");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent ev) throws InterruptedException {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.interrupt();
            t.join(10_000);
        }
    }

    /** Asks the worker to look for work now. */
    public void wake() {
        wakeups.release();
    }

    /** For the liveness check: the thread runs and has come round its loop recently enough. */
    public boolean alive() {
        Thread t = thread;
        return !config.trainer().worker().enabled() || (t != null && t.isAlive());
    }

    public Instant lastLoop() {
        return lastLoop;
    }

    private void loop() {
        RetryPolicy backoff = config.trainer().dbRetry().policy();
        int failures = 0;
        while (running) {
            lastLoop = Instant.now();
            try {
                boolean worked = runNext();
                failures = 0;
                if (!worked) {
                    wakeups.tryAcquire(config.trainer().pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                    wakeups.drainPermits();
                }
            } catch (InterruptedException | StoppedByShutdown e) {
                break;
            } catch (SQLException | TransientException e) {
                failures++;
                metrics.retry("worker");
                Duration d = backoff.delay(failures);
                LOG.warnf("run worker: %s; retrying in %d ms", e.getMessage(), d.toMillis());
                if (!sleep(d)) {
                    break;
                }
            } catch (Throwable e) { // keep the only worker alive whatever happens
                failures++;
                LOG.error("run worker: unexpected failure", e);
                if (!sleep(backoff.delay(failures))) {
                    break;
                }
            }
        }
        LOG.info("run worker stopped");
    }

    /**
     * Executes the oldest run this replica can lock and that is not parked; false when there is none. A run whose
     * execution fails transiently is parked for a backoff that grows with its failures, so a run that keeps failing
     * (its split unreadable, say) never holds back the runs queued behind it.
     */
    private boolean runNext() throws SQLException, InterruptedException {
        List<String> ids = runs.unfinished(32);
        long now = System.nanoTime();
        for (String id : ids) {
            Parked p = parked.get(id);
            if (p != null && now - p.until() < 0) {
                continue;
            }
            Optional<RunLockRepository.Held> lock = locks.tryLock(id);
            if (lock.isEmpty()) {
                continue; // another replica is on it
            }
            try (RunLockRepository.Held held = lock.get()) {
                executor.execute(id);
                parked.remove(id);
            } catch (SQLException | TransientException e) {
                int failures = p == null ? 1 : p.failures() + 1;
                Duration d = new RetryPolicy(Duration.ofMillis(500), config.trainer().worker().maxParking(),
                        Duration.ZERO).delay(failures);
                parked.put(id, new Parked(failures, System.nanoTime() + d.toNanos()));
                LOG.warnf("run %s parked for %d ms after %d failed attempts: %s", id, d.toMillis(), failures,
                        e.getMessage());
                throw e;
            }
            return true;
        }
        parked.keySet().retainAll(ids.size() < 32 ? new java.util.HashSet<>(ids) : parked.keySet());
        return false;
    }

    private record Parked(int failures, long until) {
    }

    private final java.util.Map<String, Parked> parked = new java.util.concurrent.ConcurrentHashMap<>();

    private boolean sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return running;
        } catch (InterruptedException e) {
            return false;
        }
    }
}

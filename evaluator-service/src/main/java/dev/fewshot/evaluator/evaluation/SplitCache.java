package dev.fewshot.evaluator.evaluation;

import dev.fewshot.contracts.Split;
import dev.fewshot.vectors.SplitData;
import dev.fewshot.vectors.SplitNotReadyException;
import dev.fewshot.vectors.SplitReader;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The ID-test and OOD splits per dataset, read from the vector topic once per process: every head
 * of every run on a dataset is scored on the same rows. Least recently used datasets are dropped
 * past the configured count (a 1000-class test split is ~100 MB); failures are not cached, so a
 * split published later is picked up. An entry is used only while the end offsets of the partitions holding its
 * splits are unchanged: a split published again is read again, and its latest complete publication wins here as in
 * every other reader.
 */
@ApplicationScoped
public class SplitCache {
    private static final Logger LOG = Logger.getLogger(SplitCache.class);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @jakarta.inject.Inject
    dev.fewshot.evaluator.EvaluatorConfig config;

    private final Map<String, Entry> cache = new LinkedHashMap<>(16, 0.75f, true);

    private record Entry(EvalSplits splits, Map<org.apache.kafka.common.TopicPartition, Long> version) {
    }

    public synchronized EvalSplits get(String datasetId) throws SplitNotReadyException {
        SplitReader reader = new SplitReader(bootstrapServers, config.topics().vectors());
        java.util.Set<Split> wanted = EnumSet.of(Split.TEST, Split.OOD);
        Map<org.apache.kafka.common.TopicPartition, Long> version = reader.version(datasetId, wanted);
        Entry cached = cache.get(datasetId);
        if (cached != null && cached.version().equals(version)) {
            return cached.splits();
        }
        long t0 = System.nanoTime();
        Map<Split, SplitData> read = reader.read(datasetId, wanted, config.evaluator().splitTimeout());
        EvalSplits splits = new EvalSplits(read.get(Split.TEST), read.get(Split.OOD));
        LOG.infof("read dataset '%s': %d test rows, %d OOD rows, dim %d, in %d ms", datasetId, splits.test().size(),
                splits.ood().size(), splits.test().x().cols(), (System.nanoTime() - t0) / 1_000_000);
        cache.put(datasetId, new Entry(splits, version));
        while (cache.size() > Math.max(1, config.evaluator().splitCacheSize())) {
            String eldest = cache.keySet().iterator().next();
            cache.remove(eldest);
        }
        return splits;
    }
}

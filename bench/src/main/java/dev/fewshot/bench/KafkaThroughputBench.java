package dev.fewshot.bench;

import dev.fewshot.contracts.Split;
import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.pipeline.SplitData;
import dev.fewshot.pipeline.SplitReader;
import dev.fewshot.pipeline.VectorPublisher;
import dev.fewshot.stack.LocalKafka;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Vectors per second through a real local broker on loopback: publish (VectorPublisher, acks=all,
 * idempotent) and read back to the end marker (SplitReader), 512-d float32.
 * Usage: KafkaThroughputBench [vectors=200000] [reps=3]
 */
public final class KafkaThroughputBench {
    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int d = 512;
        float[] v = new float[n * d];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        FloatMatrix x = new FloatMatrix(n, d, v);
        int[] y = new int[n];
        double[] pub = new double[reps];
        double[] read = new double[reps];
        try (LocalKafka kafka = LocalKafka.start(null)) {
            kafka.createTopics(3, "bench-vectors");
            for (int rep = 0; rep < reps; rep++) {
                String ds = "bench" + rep;
                long t0 = System.nanoTime();
                try (VectorPublisher p = new VectorPublisher(kafka.bootstrapServers(), "bench-vectors")) {
                    p.publish("m", ds, Split.TEST, x, y, VectorPublisher.DEFAULT_BATCH);
                }
                long t1 = System.nanoTime();
                SplitData back = new SplitReader(kafka.bootstrapServers(), "bench-vectors")
                        .read(ds, Set.of(Split.TEST), Duration.ofMinutes(5)).get(Split.TEST);
                long t2 = System.nanoTime();
                if (back.size() != n) {
                    throw new IllegalStateException("read " + back.size() + " of " + n);
                }
                pub[rep] = n / ((t1 - t0) / 1e9);
                read[rep] = n / ((t2 - t1) / 1e9);
                System.err.printf("rep %d: publish %.0f vectors/s, read back %.0f vectors/s%n", rep, pub[rep], read[rep]);
            }
        }
        Arrays.sort(pub);
        Arrays.sort(read);
        System.out.printf("vectors=%d dim=%d publish_median=%.0f/s read_median=%.0f/s (%.0f MB/s)%n", n, d,
                pub[reps / 2], read[reps / 2], read[reps / 2] * d * 4 / 1e6);
    }
}

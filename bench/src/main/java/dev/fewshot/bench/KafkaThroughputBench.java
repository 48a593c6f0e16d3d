package dev.fewshot.bench;

import dev.fewshot.contracts.Split;
import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.vectors.SplitData;
import dev.fewshot.vectors.SplitReader;
import dev.fewshot.vectors.VectorPublisher;
import dev.fewshot.stack.LocalKafka;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.Arrays;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Vectors per second through a real local broker on loopback: publish (VectorPublisher, acks=all,
 * idempotent) and read back to the end marker (SplitReader), 512-d float32.
 * Usage: KafkaThroughputBench [vectors=200000] [reps=3] [broker=separate|in-process]
 *
 * <p>{@code separate} (the default) runs the broker in a JVM of its own, as in production, so that the
 * client and the broker have separate heaps and garbage collectors (they still share this machine's cores);
 * {@code in-process} runs it in the bench's JVM, as the tests do.
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
        boolean separate = !(args.length > 2 && args[2].equals("in-process"));
        try (Broker kafka = separate ? Broker.separate() : Broker.inProcess()) {
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
        System.out.printf("broker=%s ", separate ? "separate-jvm" : "in-process");
        System.out.printf("vectors=%d dim=%d publish_median=%.0f/s read_median=%.0f/s (%.0f MB/s)%n", n, d,
                pub[reps / 2], read[reps / 2], read[reps / 2] * d * 4 / 1e6);
    }

    /** The broker under test, in this JVM or in a child JVM. */
    private interface Broker extends AutoCloseable {
        String bootstrapServers();

        @Override
        void close() throws Exception;

        static Broker inProcess() {
            LocalKafka kafka = LocalKafka.start(null);
            kafka.createTopics(3, "bench-vectors");
            return new Broker() {
                @Override
                public String bootstrapServers() {
                    return kafka.bootstrapServers();
                }

                @Override
                public void close() {
                    kafka.close();
                }
            };
        }

        static Broker separate() throws Exception {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx1g", "-cp", System.getProperty("java.class.path"), KafkaBrokerMain.class.getName(),
                    "bench-vectors")
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("bootstrap=")) {
                // the broker logs to stderr; stdout carries only the address
            }
            if (line == null) {
                p.destroyForcibly();
                throw new IllegalStateException("the broker JVM exited before it started");
            }
            String bootstrap = line.substring("bootstrap=".length());
            return new Broker() {
                @Override
                public String bootstrapServers() {
                    return bootstrap;
                }

                @Override
                public void close() throws Exception {
                    p.getOutputStream().close();
                    if (!p.waitFor(60, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                }
            };
        }
    }
}

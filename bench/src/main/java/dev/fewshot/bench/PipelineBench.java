package dev.fewshot.bench;

import dev.fewshot.cli.commands.RunCommand;
import dev.fewshot.cli.local.Home;
import dev.fewshot.cli.local.LocalDeployment;
import dev.fewshot.cli.local.RunWatcher;
import dev.fewshot.contracts.RunEvent;
import dev.fewshot.contracts.RunRequest;
import dev.fewshot.contracts.Split;
import dev.fewshot.core.linalg.Gemms;
import dev.fewshot.core.sweep.Dataset;
import dev.fewshot.core.sweep.Sweep;
import dev.fewshot.core.sweep.SweepListener;
import dev.fewshot.core.synth.SyntheticClipData;
import dev.fewshot.contracts.RunConfigs;
import dev.fewshot.vectors.VectorPublisher;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The distributed run against the in-process sweep on the same ImageNet-scale set, in one
 * process run: local Kafka + PostgreSQL + both services, publish, request, wait; then
 * {@code Sweep.run} on the same arrays. Run with -Dfewshot.home=REPO after building the services.
 * Usage: PipelineBench [classes=1000] [test=50000] [ood=2000]
 */
public final class PipelineBench {
    public static void main(String[] args) throws Exception {
        int classes = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int test = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        int ood = args.length > 2 ? Integer.parseInt(args[2]) : 2_000;
        SyntheticClipData.Data d = SyntheticClipData.generate(
                SyntheticClipData.Params.defaults(classes, 512).withSizes(48, test, ood));
        RunRequest request = new RunRequest(RunRequest.VERSION, "bench-" + System.currentTimeMillis(), "bench", null,
                List.of(0, 1, 2, 4, 8, 16), List.of(0L, 1L, 2L), List.of("zero-shot", "linear", "prototype", "gaussian"),
                null, new RunRequest.Options(10.0, "auto", 100)).withDefaults();
        Path state = Files.createTempDirectory("fewshot-vectors-bench");
        double publishSecs;
        double runSecs;
        long vectors = d.trainX().rows() + (long) test + ood + classes;
        try (LocalDeployment dep = LocalDeployment.start(Home.root(), state, 18081, 18082)) {
            long t0 = System.nanoTime();
            try (VectorPublisher p = new VectorPublisher(dep.bootstrapServers())) {
                p.publish("bench", "bench", Split.TRAIN, d.trainX(), d.trainY(), VectorPublisher.DEFAULT_BATCH);
                p.publish("bench", "bench", Split.TEST, d.testX(), d.testY(), VectorPublisher.DEFAULT_BATCH);
                p.publish("bench", "bench", Split.OOD, d.oodX(), null, VectorPublisher.DEFAULT_BATCH);
                p.publish("bench", "bench", Split.TEXT, d.textX(), null, VectorPublisher.DEFAULT_BATCH);
            }
            publishSecs = (System.nanoTime() - t0) / 1e9;
            long t1 = System.nanoTime();
            RunCommand.send(dep.bootstrapServers(), request);
            RunEvent last = new RunWatcher(dep.bootstrapServers()).await(request.runId(), Duration.ofHours(1),
                    new PrintStream(PrintStream.nullOutputStream()));
            runSecs = (System.nanoTime() - t1) / 1e9;
            if (last.type() != RunEvent.Type.completed) {
                throw new IllegalStateException("run failed: " + last.reason());
            }
        }
        Dataset ds = Dataset.validated(d.trainX(), d.trainY(), d.testX(), d.testY(), d.oodX(), d.textX(),
                Dataset.Sources.defaults());
        long t2 = System.nanoTime();
        new Sweep(Gemms.defaultGemm()).run(ds, RunConfigs.toSweepConfig(request), SweepListener.NONE);
        double sweepSecs = (System.nanoTime() - t2) / 1e9;
        System.out.printf("publish: %d vectors in %.1f s = %.0f vectors/s%n", vectors, publishSecs, vectors / publishSecs);
        System.out.printf("distributed run (request -> completed): %.1f s%n", runSecs);
        System.out.printf("in-process sweep, same data and config: %.1f s%n", sweepSecs);
        System.out.printf("ratio distributed / in-process: %.2f%n", runSecs / sweepSecs);
    }
}

package dev.fewshot.cli.commands;

import dev.fewshot.core.io.Npy;
import dev.fewshot.core.synth.SyntheticClipData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fewshot generate}: writes a synthetic CLIP-like dataset as .npy files. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Write a synthetic CLIP-like dataset (train pool, ID test, OOD, class text) as .npy files.")
public final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, description = "output directory")
    Path out;
    @Option(names = "--classes", defaultValue = "200", description = "ID classes (default: ${DEFAULT-VALUE})")
    int classes;
    @Option(names = "--dim", defaultValue = "512", description = "feature dimension (default: ${DEFAULT-VALUE})")
    int dim;
    @Option(names = "--pool-per-class", defaultValue = "48", description = "train pool rows per class (default: ${DEFAULT-VALUE})")
    int poolPerClass;
    @Option(names = "--test-rows", description = "ID test rows (default: 50 per class)")
    Integer testRows;
    @Option(names = "--ood-rows", description = "OOD rows (default: 2 per class)")
    Integer oodRows;
    @Option(names = "--seed", defaultValue = "7", description = "generator seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Override
    public Integer call() throws Exception {
        SyntheticClipData.Params p = params();
        write(out, SyntheticClipData.generate(p));
        System.err.printf("wrote %d classes x %d dims: train %d, test %d, ood %d rows to %s%n", p.classes(), p.dim(),
                p.classes() * p.poolPerClass(), p.testRows(), p.oodRows(), out);
        return 0;
    }

    SyntheticClipData.Params params() {
        if (classes < 2 || dim < 2 || poolPerClass < 1) {
            throw new IllegalArgumentException("need --classes >= 2, --dim >= 2 and --pool-per-class >= 1");
        }
        SyntheticClipData.Params d = SyntheticClipData.Params.defaults(classes, dim).withSeed(seed);
        return d.withSizes(poolPerClass, testRows == null ? d.testRows() : testRows,
                oodRows == null ? d.oodRows() : oodRows);
    }

    /** The file names that {@code fewshot sweep} and {@code publish-features} expect by convention. */
    public static void write(Path dir, SyntheticClipData.Data data) throws java.io.IOException {
        Files.createDirectories(dir);
        Npy.writeFloat32(dir.resolve("train_x.npy"), data.trainX());
        Npy.writeInt64(dir.resolve("train_y.npy"), data.trainY());
        Npy.writeFloat32(dir.resolve("test_x.npy"), data.testX());
        Npy.writeInt64(dir.resolve("test_y.npy"), data.testY());
        Npy.writeFloat32(dir.resolve("ood_x.npy"), data.oodX());
        Npy.writeFloat32(dir.resolve("text_x.npy"), data.textX());
    }
}

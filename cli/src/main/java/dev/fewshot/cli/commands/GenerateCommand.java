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
    @Option(names = "--common-weight", description = "weight of the direction all rows share (CLIP's cone; higher ="
            + " larger mean pairwise cosine, the pool's is printed) (default: the tuned set's)")
    Double commonWeight;
    @Option(names = "--isotropic", description = "flat noise and class-mean spectra instead of power laws")
    boolean isotropic;

    @Override
    public Integer call() throws Exception {
        SyntheticClipData.Params p = params();
        SyntheticClipData.Data data = SyntheticClipData.generate(p);
        write(out, data);
        System.err.printf("wrote %d classes x %d dims: train %d, test %d, ood %d rows to %s; mean pairwise cosine of"
                        + " the train pool %.3f%n", p.classes(), p.dim(), p.classes() * p.poolPerClass(), p.testRows(),
                p.oodRows(), out, meanPairwiseCosine(data.trainX()));
        return 0;
    }

    SyntheticClipData.Params params() {
        if (classes < 2 || dim < 2 || poolPerClass < 1) {
            throw new IllegalArgumentException("need --classes >= 2, --dim >= 2 and --pool-per-class >= 1");
        }
        if (commonWeight != null && !(commonWeight >= 0 && commonWeight <= 100)) {
            throw new IllegalArgumentException("--common-weight must be in [0, 100], got " + commonWeight);
        }
        SyntheticClipData.Params d = SyntheticClipData.Params.defaults(classes, dim).withSeed(seed);
        d = d.withSizes(poolPerClass, testRows == null ? d.testRows() : testRows,
                oodRows == null ? d.oodRows() : oodRows);
        return new SyntheticClipData.Params(d.classes(), d.dim(), d.poolPerClass(), d.testRows(), d.oodRows(),
                d.oodClasses(), commonWeight == null ? d.commonWeight() : commonWeight, d.superWeight(), d.classWeight(),
                d.noise(), isotropic ? 0 : d.spectrumDecay(), isotropic ? 0 : d.meanDecay(), d.gap(), d.textNoise(),
                d.seed());
    }

    /** Mean cosine of 2,000 fixed pairs of distinct rows (rows are unit vectors). */
    static double meanPairwiseCosine(dev.fewshot.core.linalg.FloatMatrix x) {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(1);
        int n = x.rows(), d = x.cols(), pairs = 0;
        double sum = 0;
        float[] a = x.data();
        for (int t = 0; t < 2000 && n > 1; t++) {
            int i = rng.nextInt(n), j = rng.nextInt(n);
            if (i == j) {
                continue;
            }
            double dot = 0;
            for (int c = 0; c < d; c++) {
                dot += (double) a[i * d + c] * a[j * d + c];
            }
            sum += dot;
            pairs++;
        }
        return pairs == 0 ? Double.NaN : sum / pairs;
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

package dev.fewshot.cli.commands;

import dev.fewshot.core.sweep.SweepDefaults;
import dev.fewshot.core.heads.linear.LinearTrainer;
import dev.fewshot.core.heads.linear.SolverOptions;

import dev.fewshot.cli.output.JsonLines;
import dev.fewshot.cli.output.ProgressPrinter;
import dev.fewshot.cli.output.ResultsTable;
import dev.fewshot.core.conformal.Alpha;
import dev.fewshot.core.heads.HeadKind;
import dev.fewshot.core.heads.gaussian.Shrinkage;
import dev.fewshot.core.io.FeatureFiles;
import dev.fewshot.core.linalg.FloatMatrix;
import dev.fewshot.core.linalg.Gemms;
import dev.fewshot.core.metrics.Bootstrap;
import dev.fewshot.core.ood.OodScore;
import dev.fewshot.core.sweep.Dataset;
import dev.fewshot.core.sweep.ResultRow;
import dev.fewshot.core.sweep.Sweep;
import dev.fewshot.core.sweep.SweepConfig;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code fewshot sweep}: every head × K × seed × OOD score, in one process, from .npy files. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Fit every head for each K and seed on .npy features and evaluate ID accuracy and OOD detection.")
public final class SweepCommand implements Callable<Integer> {

    @Option(names = "--train-x", required = true, description = "train pool features [N, D] (.npy)")
    Path trainX;
    @Option(names = "--train-y", required = true, description = "train pool labels [N] (.npy)")
    Path trainY;
    @Option(names = "--test-x", required = true, description = "ID test features [M, D] (.npy)")
    Path testX;
    @Option(names = "--test-y", required = true, description = "ID test labels [M] (.npy)")
    Path testY;
    @Option(names = "--ood-x", required = true, description = "OOD features [O, D] (.npy)")
    Path oodX;
    @Option(names = "--calib-x", description = "labelled ID rows [R, D] (.npy) that calibrate the conformal promises;"
            + " without them about 20%% of the test rows are held out for it (docs/conformal.md)")
    Path calibX;
    @Option(names = "--calib-y", description = "labels [R] of --calib-x (.npy)")
    Path calibY;
    @Option(names = "--text-x", description = "class text embeddings [C, D] (.npy); enables zero-shot and linear-zs")
    Path textX;
    @Option(names = "--shots", split = ",", defaultValue = SweepDefaults.SHOTS, description = "K values (default: ${DEFAULT-VALUE})")
    List<Integer> shots;
    @Option(names = "--seeds", split = ",", defaultValue = SweepDefaults.SEEDS, description = "sampling seeds (default: ${DEFAULT-VALUE})")
    List<Long> seeds;
    @Option(names = "--heads", split = ",", defaultValue = SweepDefaults.HEADS,
            description = "heads (default: ${DEFAULT-VALUE})")
    List<String> heads;
    @Option(names = "--ood-scores", split = ",", defaultValue = SweepDefaults.OOD_SCORES,
            description = "OOD scores; each head gets those that apply (default: ${DEFAULT-VALUE}; also rmds,"
                    + " knn, neglabel)")
    List<String> scores;
    @Option(names = "--negatives-x", description = "NegLabel's candidate negative labels [M, D] (.npy): text embeddings"
            + " of words (e.g. WordNet's); the zero-shot head mines its bank from them, and neglabel is added to the"
            + " OOD scores")
    Path negativesX;
    @Option(names = "--linear-c", description = "fixed C for the linear probes (default: chosen by CV when K >= 2, " + LinearTrainer.K1_C + " at K=1)")
    Double linearC;
    @Option(names = "--linear-max-iter", defaultValue = "" + SolverOptions.DEFAULT_MAX_ITER, description = "L-BFGS iteration cap (default: ${DEFAULT-VALUE})")
    int linearMaxIter;
    @Option(names = "--bootstrap", defaultValue = "" + Bootstrap.DEFAULT_RESAMPLES,
            description = "resamples of the test rows behind each result's 95% intervals; 0 turns them off"
                    + " (default: ${DEFAULT-VALUE})")
    int bootstrap;
    @Option(names = "--alpha", defaultValue = "" + Alpha.DEFAULT,
            description = "level of the conformal promises: at most this share of ID rows refused, prediction sets"
                    + " missing the label at most this often (default: ${DEFAULT-VALUE}; docs/conformal.md)")
    double alpha;
    @Option(names = "--gaussian-shrinkage", defaultValue = SweepDefaults.GAUSSIAN_SHRINKAGE,
            description = "auto (CV), lw (Ledoit-Wolf), oas, or a number in [0,1] (default: ${DEFAULT-VALUE})")
    String gaussianShrinkage;
    @Option(names = "--no-normalize", description = "do not L2-normalise feature rows on load")
    boolean noNormalize;
    @Option(names = "--out", description = "write one JSON object per result row to this file (.jsonl)")
    Path out;
    @Option(names = "--table-score", defaultValue = "msp",
            description = "OOD score shown in the printed table, or 'all' (default: ${DEFAULT-VALUE})")
    String tableScore;

    @Override
    public Integer call() throws Exception {
        SweepConfig cfg = config();
        PrintStream err = System.err;
        err.println("loading features ...");
        Dataset data = load();
        err.printf("train %d x %d, test %d, ood %d, classes %d%s%n", data.trainX().rows(), data.dim(),
                data.testX().rows(), data.oodX().rows(), data.numClasses(), data.hasText() ? ", with text" : "");
        List<ResultRow> rows = new Sweep(Gemms.defaultGemm()).run(data, cfg, new ProgressPrinter(err));
        if (out != null) {
            JsonLines.write(out, rows);
            err.println("wrote " + rows.size() + " result rows to " + out);
        }
        new ResultsTable(tableScore).print(rows, System.out);
        return 0;
    }

    SweepConfig config() {
        List<HeadKind> kinds = new ArrayList<>();
        for (String h : heads) {
            kinds.add(HeadKind.fromId(h.trim()));
        }
        Set<OodScore> s = EnumSet.noneOf(OodScore.class);
        for (String id : scores) {
            s.add(OodScore.fromId(id.trim()));
        }
        if (negativesX != null) {
            s.add(OodScore.NEGLABEL);
        }
        return new SweepConfig(shots, seeds, kinds, s, linearC, Shrinkage.parse(gaussianShrinkage), linearMaxIter,
                bootstrap, alpha);
    }

    private Dataset load() {
        boolean norm = !noNormalize;
        FloatMatrix trX = FeatureFiles.readMatrix(trainX, norm);
        int[] trY = FeatureFiles.readLabels(trainY);
        FloatMatrix teX = FeatureFiles.readMatrix(testX, norm);
        int[] teY = FeatureFiles.readLabels(testY);
        FloatMatrix oX = FeatureFiles.readMatrix(oodX, norm);
        FloatMatrix txX = textX == null ? null : FeatureFiles.readMatrix(textX, true);
        Dataset d = Dataset.validated(trX, trY, teX, teY, oX, txX, new Dataset.Sources(trainX.toString(),
                trainY.toString(), testX.toString(), testY.toString(), oodX.toString(),
                textX == null ? "--text-x" : textX.toString()));
        if ((calibX == null) != (calibY == null)) {
            throw new IllegalArgumentException("--calib-x and --calib-y go together; got only "
                    + (calibX != null ? "--calib-x" : "--calib-y"));
        }
        Dataset withCalibration = calibX == null ? d : d.withCalibration(FeatureFiles.readMatrix(calibX, norm),
                FeatureFiles.readLabels(calibY), calibX.toString(), calibY.toString());
        return negativesX == null ? withCalibration
                : withCalibration.withNegatives(FeatureFiles.readMatrix(negativesX, true), negativesX.toString());
    }
}

package dev.fewshot.core.synth;

import dev.fewshot.core.linalg.FloatMatrix;
import java.util.SplittableRandom;

/**
 * Generates a CLIP-like feature set for demos, tests and benchmarks: unit vectors that share a
 * common direction (CLIP's "cone"), classes grouped into superclasses (so neighbours are
 * confusable), class means and within-class noise with power-law spectra (class differences decay
 * faster than the noise, as in real embeddings, so no direction separates classes for free), class
 * text embeddings offset by a modality gap, and OOD rows drawn from classes the heads never see.
 *
 * <p>Everything is a function of the seed, so the same parameters give the same files.
 */
public final class SyntheticClipData {

    /** Knobs of the generator; {@link #defaults(int, int)} gives a set where the heads behave as in the study. */
    public record Params(int classes, int dim, int poolPerClass, int testRows, int oodRows, int oodClasses,
                         double commonWeight, double superWeight, double classWeight, double noise,
                         double spectrumDecay, double meanDecay, double gap, double textNoise, long seed) {

        /**
         * Tuned on 1000 classes × 512 dims to land near the study: zero-shot ≈ 60%, prototype
         * below zero-shot at small K and above it at K = 16, OOD AUROC in the low 60s.
         */
        public static Params defaults(int classes, int dim) {
            return new Params(classes, dim, 48, 50 * classes, 2 * classes, Math.max(2, classes / 5),
                    1.0, 0.9, 0.75, 1.45, 0.5, 2.0, 0.3, 0.25, 7L);
        }

        public Params withSizes(int poolPerClass, int testRows, int oodRows) {
            return new Params(classes, dim, poolPerClass, testRows, oodRows, oodClasses, commonWeight, superWeight,
                    classWeight, noise, spectrumDecay, meanDecay, gap, textNoise, seed);
        }

        public Params withSeed(long newSeed) {
            return new Params(classes, dim, poolPerClass, testRows, oodRows, oodClasses, commonWeight, superWeight,
                    classWeight, noise, spectrumDecay, meanDecay, gap, textNoise, newSeed);
        }
    }

    /** The generated splits. Rows are L2-normalised; labels are class indices. */
    public record Data(FloatMatrix trainX, int[] trainY, FloatMatrix testX, int[] testY, FloatMatrix oodX,
                       FloatMatrix textX) {
    }

    private SyntheticClipData() {
    }

    public static Data generate(Params p) {
        SplittableRandom rng = new SplittableRandom(p.seed());
        int d = p.dim();
        float[] common = unitGaussian(rng, d);
        float[] gap = unitGaussian(rng, d);
        int supers = Math.max(1, p.classes() / 10);
        float[][] superCentres = new float[supers + 1][];
        for (int s = 0; s <= supers; s++) {
            superCentres[s] = unitGaussian(rng, d);
        }
        // Signal and noise share one power-law spectrum, as in real embeddings: class differences
        // live mostly in the directions where images also vary most.
        double[] unitSpectrum = spectrum(d, p.meanDecay(), Math.sqrt(d));
        float[][] idMeans = classMeans(rng, p, p.classes(), superCentres, supers, false, unitSpectrum);
        // Half the OOD classes share ID superclasses (near OOD), half get one of their own (far OOD).
        float[][] oodMeans = classMeans(rng, p, p.oodClasses(), superCentres, supers, true, unitSpectrum);
        double[] scale = spectrum(d, p.spectrumDecay(), p.noise());

        int[] trainY = new int[p.classes() * p.poolPerClass()];
        for (int i = 0; i < trainY.length; i++) {
            trainY[i] = i / p.poolPerClass();
        }
        int[] testY = new int[p.testRows()];
        for (int i = 0; i < testY.length; i++) {
            testY[i] = i % p.classes();
        }
        int[] oodY = new int[p.oodRows()];
        for (int i = 0; i < oodY.length; i++) {
            oodY[i] = i % p.oodClasses();
        }
        FloatMatrix trainX = rows(rng.split(), idMeans, trainY, common, p.commonWeight(), scale);
        FloatMatrix testX = rows(rng.split(), idMeans, testY, common, p.commonWeight(), scale);
        FloatMatrix oodX = rows(rng.split(), oodMeans, oodY, common, p.commonWeight(), scale);
        FloatMatrix textX = text(rng.split(), idMeans, gap, p.gap(), p.textNoise());
        return new Data(trainX, trainY, testX, testY, oodX, textX);
    }

    private static float[][] classMeans(SplittableRandom rng, Params p, int n, float[][] superCentres, int supers,
                                        boolean ood, double[] spectrum) {
        int d = p.dim();
        float[][] means = new float[n][];
        for (int c = 0; c < n; c++) {
            int s = ood && c % 2 == 1 ? supers : (ood ? rng.nextInt(supers) : c % supers);
            float[] own = unitGaussian(rng, d);
            float[] m = new float[d];
            for (int j = 0; j < d; j++) {
                m[j] = (float) (spectrum[j] * (p.superWeight() * superCentres[s][j] + p.classWeight() * own[j]));
            }
            means[c] = m;
        }
        return means;
    }

    /** Per-axis noise standard deviations with variance ∝ (j+1)^(−decay), total variance = noise². */
    private static double[] spectrum(int d, double decay, double noise) {
        double[] v = new double[d];
        double total = 0;
        for (int j = 0; j < d; j++) {
            v[j] = Math.pow(j + 1, -decay);
            total += v[j];
        }
        for (int j = 0; j < d; j++) {
            v[j] = Math.sqrt(v[j] / total) * noise;
        }
        return v;
    }

    private static FloatMatrix rows(SplittableRandom rng, float[][] means, int[] labels, float[] common, double cw,
                                    double[] scale) {
        int d = common.length;
        float[] out = new float[labels.length * d];
        for (int i = 0; i < labels.length; i++) {
            float[] m = means[labels[i]];
            for (int j = 0; j < d; j++) {
                out[i * d + j] = (float) (cw * common[j] + m[j] + scale[j] * rng.nextGaussian());
            }
        }
        return new FloatMatrix(labels.length, d, out).l2NormalizeRows();
    }

    private static FloatMatrix text(SplittableRandom rng, float[][] means, float[] gap, double gapWeight, double noise) {
        int d = gap.length;
        float[] out = new float[means.length * d];
        double perAxis = noise / Math.sqrt(d);
        for (int c = 0; c < means.length; c++) {
            for (int j = 0; j < d; j++) {
                out[c * d + j] = (float) (gapWeight * gap[j] + means[c][j] + perAxis * rng.nextGaussian());
            }
        }
        return new FloatMatrix(means.length, d, out).l2NormalizeRows();
    }

    private static float[] unitGaussian(SplittableRandom rng, int d) {
        float[] v = new float[d];
        double s = 0;
        for (int j = 0; j < d; j++) {
            double g = rng.nextGaussian();
            v[j] = (float) g;
            s += g * g;
        }
        double inv = 1 / Math.sqrt(s);
        for (int j = 0; j < d; j++) {
            v[j] = (float) (v[j] * inv);
        }
        return v;
    }
}

package dev.fewshot.core.sweep;

import dev.fewshot.core.heads.GaussianHead;
import dev.fewshot.core.heads.Head;
import dev.fewshot.core.heads.HeadKind;
import dev.fewshot.core.heads.HeadTrainer;
import dev.fewshot.core.heads.LinearHead;
import dev.fewshot.core.heads.PrototypeTrainer;
import dev.fewshot.core.heads.ZeroShotTrainer;
import dev.fewshot.core.heads.gaussian.GaussianTrainer;
import dev.fewshot.core.heads.linear.LinearTrainer;
import dev.fewshot.core.linalg.FloatMatrix;

/** Builds the trainer of each head kind from a dataset and a sweep config. */
public final class Trainers {
    private final FloatMatrix textX;
    private final FloatMatrix negativesX;
    private final SweepConfig cfg;

    /** @param textX class text embeddings (C×D), or null when there are none */
    public Trainers(FloatMatrix textX, SweepConfig cfg) {
        this(textX, null, cfg);
    }

    /**
     * @param negativesX NegLabel's candidate negative labels (M×D), or null; the zero-shot head mines its bank from
     *                   them when the config asks for {@code neglabel}
     */
    public Trainers(FloatMatrix textX, FloatMatrix negativesX, SweepConfig cfg) {
        this.textX = textX;
        this.negativesX = negativesX;
        this.cfg = cfg;
    }

    public HeadTrainer forKind(HeadKind kind) {
        return switch (kind) {
            case ZERO_SHOT -> new ZeroShotTrainer(requireText(kind),
                    cfg.scores().contains(dev.fewshot.core.ood.OodScore.NEGLABEL) ? negativesX : null);
            case PROTOTYPE -> new PrototypeTrainer();
            case GAUSSIAN -> new GaussianTrainer(cfg.gaussianShrinkage());
            case LINEAR -> LinearTrainer.plain(cfg.linearC(), cfg.linearMaxIter());
            case LINEAR_ZS -> LinearTrainer.zeroShotAnchored(new ZeroShotTrainer(requireText(kind)).scaledWeights(),
                    cfg.linearC(), cfg.linearMaxIter());
            case GDA -> new dev.fewshot.core.heads.gaussian.GdaTrainer(
                    new ZeroShotTrainer(requireText(kind)).scaledWeights());
            case TIP_ADAPTER -> new dev.fewshot.core.heads.cache.TipAdapterTrainer(
                    new ZeroShotTrainer(requireText(kind)).scaledWeights());
        };
    }

    private FloatMatrix requireText(HeadKind kind) {
        if (textX == null) {
            throw new IllegalArgumentException("the " + kind + " head needs class text embeddings");
        }
        return textX;
    }

    /** The hyper-parameter a fitted head was built with, for result rows. */
    public static double hyper(Head head) {
        if (head instanceof LinearHead l) {
            return l.regularisation();
        }
        if (head instanceof GaussianHead g) {
            return g.shrinkage();
        }
        if (head instanceof dev.fewshot.core.heads.cache.TipAdapterHead t) {
            return t.alpha(); // β: see beta()
        }
        return Double.NaN;
    }

    /** tip-adapter's chosen β; NaN for other heads. */
    public static double beta(Head head) {
        return head instanceof dev.fewshot.core.heads.cache.TipAdapterHead t ? t.beta() : Double.NaN;
    }
}

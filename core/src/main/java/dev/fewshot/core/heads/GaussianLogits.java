package dev.fewshot.core.heads;

import dev.fewshot.core.linalg.FloatMatrix;
import java.util.Optional;

/**
 * A head whose logits are Gaussian class log-likelihoods with one shared covariance: the Mahalanobis score applies,
 * and with a {@link Background} the relative Mahalanobis score (RMDS) too.
 */
public interface GaussianLogits extends Head {

    /** c such that −(smallest squared Mahalanobis distance) = 2·maxLogit + c. */
    double mahalanobisOffset();

    /** The Gaussian of all support rows together; empty for heads stored before it was kept (format version 2). */
    Optional<Background> background();

    /**
     * One Gaussian fitted to all support rows, classes ignored (Ren et al. 2021's background model): its mean and
     * the inverse Cholesky factor W of its covariance, so that ‖W(x − μ₀)‖² is the squared Mahalanobis distance.
     *
     * @param mean      1×D
     * @param whitening D×D, lower triangular
     */
    record Background(FloatMatrix mean, FloatMatrix whitening) {
        public Background {
            if (mean.rows() != 1 || whitening.rows() != mean.cols() || whitening.cols() != mean.cols()) {
                throw new IllegalArgumentException("background mean " + mean + " and whitening " + whitening
                        + " do not fit");
            }
        }
    }
}

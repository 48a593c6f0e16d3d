package dev.fewshot.core.heads;

import dev.fewshot.core.linalg.FloatMatrix;

/** A head that keeps its support rows, normalised (Tip-Adapter's cache keys): the k-nearest-neighbour score applies. */
public interface SupportRows extends Head {
    /** The unit support rows, N×D. */
    FloatMatrix supportKeys();
}

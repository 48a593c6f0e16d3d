package dev.fewshot.embedding.source;

import dev.fewshot.embedding.classes.ClassList;

/** How a split's images are laid out on disk. Build one with {@link SourceLayouts#of}. */
public interface SourceLayout {
    /**
     * Lists the split's images.
     *
     * @param labelled true when every item must carry a class of {@code classes} (a train or test split);
     *                 false for OOD or unlabelled splits, where unknown labels become -1 instead of failures
     * @throws SourceException when the split itself cannot be listed (its folder or file is missing or
     *                         lies outside the data roots); single bad entries become failed items instead
     */
    SourceListing list(DataRoots roots, ClassList classes, boolean labelled);
}

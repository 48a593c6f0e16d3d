package dev.fewshot.embedding.image;

import static dev.fewshot.embedding.image.ClipPreprocessor.SIZE;

/**
 * Where the 224x224 crop lies in the resized image of a {@code w x h} source: the resized size, the crop's first
 * column and row, and the bicubic windows of its 224 columns ({@code hw}) and rows ({@code vw}), null for an axis
 * that is not resized.
 */
record Crop(int w, int h, int newW, int newH, int left, int top, BicubicWindows hw, BicubicWindows vw) {

    boolean resizes() {
        return hw != null || vw != null;
    }

    /** The first source row the vertical pass reads (Pillow's ybox_first, narrowed to the crop). */
    int firstRow() {
        return vw != null ? vw.start[0] : top;
    }

    /** How many source rows, from {@link #firstRow()}, the crop depends on. */
    int rows() {
        return vw != null ? vw.start[SIZE - 1] + vw.length[SIZE - 1] - firstRow() : SIZE;
    }
}

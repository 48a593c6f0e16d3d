package dev.fewshot.embedding.image;

/** What the IHDR chunk of a PNG says, read from the bytes as they are (no decoder involved). */
final class PngHeader {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    private static final int BIT_DEPTH = 24;
    private static final int COLOUR_TYPE = 25;
    private static final int GREY = 0;

    private PngHeader() {
    }

    /**
     * A 2- or 4-bit grey PNG: Java reads it as an indexed image, PIL as "L" (resampled with bicubic weights, not
     * nearest). False for anything that is not a PNG.
     */
    static boolean isLowBitGrey(byte[] bytes) {
        if (bytes == null || bytes.length <= COLOUR_TYPE) {
            return false;
        }
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (bytes[i] != SIGNATURE[i]) {
                return false;
            }
        }
        int depth = bytes[BIT_DEPTH];
        return bytes[COLOUR_TYPE] == GREY && (depth == 2 || depth == 4);
    }
}

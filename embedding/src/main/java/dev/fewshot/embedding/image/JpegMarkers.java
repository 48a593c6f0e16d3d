package dev.fewshot.embedding.image;

/** Minimal JPEG marker walk, for the one header fact the readers do not expose uniformly. */
final class JpegMarkers {

    private JpegMarkers() {
    }

    /** No Adobe APP14 segment before the scan. */
    static final int NO_ADOBE = -1;
    /** Adobe transform 2: four-channel data stored as YCCK, not CMYK. */
    static final int ADOBE_YCCK = 2;

    /**
     * The colour transform byte of the Adobe APP14 segment, or {@link #NO_ADOBE}. With an Adobe segment PIL (libjpeg)
     * reads CMYK as inverted ("CMYK;I"), the Photoshop convention; without it the samples are taken as they are.
     */
    static int adobeTransform(byte[] b) {
        int i = 2;
        while (i + 4 <= b.length) {
            if ((b[i] & 0xFF) != 0xFF) {
                return NO_ADOBE;
            }
            int marker = b[i + 1] & 0xFF;
            if (marker == 0xFF) { // fill byte
                i++;
                continue;
            }
            if (marker == 0xDA || marker == 0xD9) { // start of scan / end of image: headers are over
                return NO_ADOBE;
            }
            int len = ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
            if (marker == 0xEE && len >= 14 && i + 16 <= b.length
                    && b[i + 4] == 'A' && b[i + 5] == 'd' && b[i + 6] == 'o' && b[i + 7] == 'b' && b[i + 8] == 'e') {
                // "Adobe", version (2), flags0 (2), flags1 (2), transform (1)
                return b[i + 15] & 0xFF;
            }
            i += 2 + len;
        }
        return NO_ADOBE;
    }
}

package dev.fewshot.embedding.image;

/** Minimal JPEG marker walk, for the one header fact the readers do not expose uniformly. */
final class JpegMarkers {

    private JpegMarkers() {
    }

    /** No Adobe APP14 segment before the scan. */
    static final int NO_ADOBE = -1;
    /** Adobe transform 0: three-channel data stored as RGB (libjpeg takes it as RGB unless a JFIF segment says otherwise). */
    static final int ADOBE_UNTRANSFORMED = 0;
    /** Adobe transform 2: four-channel data stored as YCCK, not CMYK. */
    static final int ADOBE_YCCK = 2;

    /**
     * The colour transform byte of the Adobe APP14 segment, or {@link #NO_ADOBE}. With an Adobe segment PIL (libjpeg)
     * reads CMYK as inverted ("CMYK;I"), the Photoshop convention; without it the samples are taken as they are.
     */
    static int adobeTransform(byte[] b) {
        int at = segment(b, 0xEE, "Adobe", 12);
        // "Adobe", version (2), flags0 (2), flags1 (2), transform (1)
        return at < 0 ? NO_ADOBE : b[at + 11] & 0xFF;
    }

    /** Whether an APP2 "ICC_PROFILE" segment precedes the scan (PIL ignores it when converting to RGB). */
    static boolean hasIccProfile(byte[] b) {
        return segment(b, 0xE2, "ICC_PROFILE", 12) >= 0;
    }

    /**
     * Offset of the payload of the first header segment with this marker whose payload starts with {@code id} and
     * holds at least {@code minPayload} bytes; -1 when there is none before the scan.
     */
    private static int segment(byte[] b, int wanted, String id, int minPayload) {
        int i = 2;
        while (i + 4 <= b.length) {
            if ((b[i] & 0xFF) != 0xFF) {
                return -1;
            }
            int marker = b[i + 1] & 0xFF;
            if (marker == 0xFF) { // fill byte
                i++;
                continue;
            }
            if (marker == 0xDA || marker == 0xD9) { // start of scan / end of image: headers are over
                return -1;
            }
            int len = ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
            int payload = i + 4;
            if (marker == wanted && len - 2 >= minPayload && payload + minPayload <= b.length && startsWith(b, payload, id)) {
                return payload;
            }
            i += 2 + len;
        }
        return -1;
    }

    private static boolean startsWith(byte[] b, int at, String id) {
        for (int k = 0; k < id.length(); k++) {
            if (b[at + k] != id.charAt(k)) {
                return false;
            }
        }
        return true;
    }
}

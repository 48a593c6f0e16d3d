package dev.fewshot.embedding.image;

import java.nio.charset.StandardCharsets;

/**
 * Recognises image formats by their magic bytes, only to tell "an image we cannot read" (UNSUPPORTED) or "a broken
 * image" (CORRUPT) from "not an image at all" (NOT_AN_IMAGE) after no ImageIO reader accepted the input.
 */
record Signature(String format, boolean readable) {

    static Signature sniff(byte[] b) {
        if (starts(b, 0, 0xFF, 0xD8)) {
            return new Signature("JPEG", true);
        }
        if (starts(b, 0, 0x89, 'P', 'N', 'G')) {
            return new Signature("PNG", true);
        }
        if (ascii(b, 0, "GIF8")) {
            return new Signature("GIF", true);
        }
        if (ascii(b, 0, "BM") && b.length >= 14) {
            return new Signature("BMP", true);
        }
        if (starts(b, 0, 'I', 'I', 42, 0) || starts(b, 0, 'M', 'M', 0, 42)) {
            return new Signature("TIFF", true);
        }
        if (ascii(b, 0, "RIFF") && ascii(b, 8, "WEBP")) {
            return new Signature("WebP", false);
        }
        if (ascii(b, 4, "ftyp")) {
            String brand = b.length >= 12 ? new String(b, 8, 4, StandardCharsets.ISO_8859_1) : "";
            return new Signature(brand.startsWith("avi") ? "AVIF" : "HEIF/ISO-BMFF (" + brand.trim() + ")", false);
        }
        if (starts(b, 0, 0xFF, 0x0A) || starts(b, 0, 0, 0, 0, 0x0C, 'J', 'X', 'L', ' ')) {
            return new Signature("JPEG XL", false);
        }
        if (starts(b, 0, 0, 0, 0, 0x0C, 'j', 'P', ' ', ' ') || starts(b, 0, 0xFF, 0x4F, 0xFF, 0x51)) {
            return new Signature("JPEG 2000", false);
        }
        if (ascii(b, 0, "8BPS")) {
            return new Signature("PSD", false);
        }
        if (starts(b, 0, 0, 0, 1, 0) || starts(b, 0, 0, 0, 2, 0)) {
            return new Signature("ICO/CUR", false);
        }
        if (ascii(b, 0, "qoif")) {
            return new Signature("QOI", false);
        }
        return null;
    }

    private static boolean starts(byte[] b, int off, int... sig) {
        if (b.length < off + sig.length) {
            return false;
        }
        for (int i = 0; i < sig.length; i++) {
            if ((b[off + i] & 0xFF) != sig[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean ascii(byte[] b, int off, String s) {
        int[] sig = s.chars().toArray();
        return starts(b, off, sig);
    }
}

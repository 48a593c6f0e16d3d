package dev.fewshot.embedding.image;

import dev.fewshot.embedding.image.ImageDecodeException.Reason;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;

/**
 * Decodes encoded image bytes to 8-bit RGB the way PIL's {@code Image.open(f).convert("RGB")} does, so that the
 * pixels fed to CLIP match the Python pipeline the model was exported from. Thread-safe and stateless apart from
 * its limits; every bad input ends as an {@link ImageDecodeException}.
 */
public final class ImageDecoder {

    static {
        // Make sure plugins on the class path (TwelveMonkeys JPEG: CMYK/YCCK, lenient markers) are registered even
        // when the context class loader at first ImageIO use did not see them.
        ImageIO.scanForPlugins();
    }

    private final ImageLimits limits;
    private final DecodeBudget budget;

    public ImageDecoder() {
        this(ImageLimits.DEFAULTS);
    }

    public ImageDecoder(ImageLimits limits) {
        this(limits, DecodeBudget.shared());
    }

    /** @param budget the heap decodes may hold at once ({@link DecodeBudget#shared()} unless testing) */
    public ImageDecoder(ImageLimits limits, DecodeBudget budget) {
        this.limits = limits;
        this.budget = budget;
    }

    public ImageLimits limits() {
        return limits;
    }

    /**
     * Reads and decodes a file. The size is checked before the bytes are read, so a huge file costs no memory.
     *
     * @throws UncheckedIOException when the file cannot be read (missing, no permission): not an image problem
     */
    public RgbImage decode(Path path) {
        String name = path.toString();
        try {
            long size = Files.size(path);
            checkSize(size, name);
            return decode(Files.readAllBytes(path), name);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UncheckedIOException("cannot read " + name + ": no such file", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + ": " + e.getMessage(), e);
        }
    }

    /** Decodes {@code bytes}; {@code name} (a file name or id) only appears in error messages. */
    public RgbImage decode(byte[] bytes, String name) {
        checkSize(bytes == null ? 0 : bytes.length, name);
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader reader = readerFor(in, bytes, name);
            try {
                return decode(reader, in, bytes, name);
            } finally {
                reader.dispose();
            }
        } catch (ImageDecodeException e) {
            throw e;
        } catch (IOException e) {
            throw classify(e, name);
        } catch (RuntimeException e) {
            // Readers throw all sorts on hostile data (ArrayIndexOutOfBounds, NegativeArraySize, IllegalState...).
            throw new ImageDecodeException(Reason.CORRUPT, name, "decoder failed: " + describe(e), e);
        }
    }

    private void checkSize(long size, String name) {
        if (size == 0) {
            throw new ImageDecodeException(Reason.EMPTY, name, "empty input (0 bytes)");
        }
        if (size > limits.maxBytes()) {
            throw new ImageDecodeException(Reason.TOO_LARGE, name,
                    size + " bytes is over the limit of " + limits.maxBytes() + " bytes");
        }
    }

    private static ImageReader readerFor(ImageInputStream in, byte[] bytes, String name) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (readers.hasNext()) {
            return readers.next();
        }
        Signature sig = Signature.sniff(bytes);
        if (sig == null) {
            throw new ImageDecodeException(Reason.NOT_AN_IMAGE, name, "not an image (no known image signature)");
        }
        if (sig.readable()) {
            // The signature says PNG/JPEG/... but the reader's own check refused what follows it.
            throw new ImageDecodeException(Reason.CORRUPT, name, "starts like " + sig.format() + " but is not a valid "
                    + sig.format() + " stream");
        }
        throw new ImageDecodeException(Reason.UNSUPPORTED, name, sig.format() + " images are not supported");
    }

    private RgbImage decode(ImageReader reader, ImageInputStream in, byte[] bytes, String name) throws IOException {
        reader.setInput(in);
        String format = reader.getOriginatingProvider() == null
                ? "image" : reader.getOriginatingProvider().getFormatNames()[0].toUpperCase(Locale.ROOT);
        // Header only: width and height are known before any pixel data is decoded or allocated.
        int w = reader.getWidth(0);
        int h = reader.getHeight(0);
        if (w <= 0 || h <= 0) {
            throw new ImageDecodeException(Reason.CORRUPT, name, format + " header has an invalid size " + w + "x" + h);
        }
        if ((long) w * h > limits.maxPixels()) {
            throw new ImageDecodeException(Reason.TOO_LARGE, name, format + " header claims " + w + "x" + h + " = "
                    + (long) w * h + " pixels, over the limit of " + limits.maxPixels() + " (decompression bomb?)");
        }
        ImageTypeSpecifier raw = reader.getRawImageType(0);
        try (DecodeBudget.Lease lease = budget.reserve(decodeBytes(w, h, raw), name, format + " " + w + "x" + h)) {
            return decodePixels(reader, bytes, name, format, w, h, raw);
        }
    }

    /**
     * What decoding holds at its peak, per pixel: the reader's raster (its bands and sample size; 4 bytes when the
     * reader does not say), the RGB copy (3) and the source pixels kept for OpenAI's resize order (up to 4).
     */
    static long decodeBytes(int w, int h, ImageTypeSpecifier raw) {
        long raster = 4;
        if (raw != null) {
            java.awt.image.SampleModel sm = raw.getSampleModel();
            int bits = 0;
            for (int b = 0; b < sm.getNumBands(); b++) {
                bits += sm.getSampleSize(b);
            }
            raster = Math.max(1, (bits + 7) / 8);
        }
        return (long) w * h * (raster + 3 + 4);
    }

    private RgbImage decodePixels(ImageReader reader, byte[] bytes, String name, String format, int w, int h,
                                  ImageTypeSpecifier raw) throws IOException {
        Warnings warnings = new Warnings();
        reader.addIIOReadWarningListener(warnings);
        boolean cmyk = raw != null && raw.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_CMYK;
        int adobe = "JPEG".equals(format) ? JpegMarkers.adobeTransform(bytes) : JpegMarkers.NO_ADOBE;
        RgbImage decoded;
        if (cmyk && adobe != JpegMarkers.ADOBE_YCCK) {
            // The stored CMYK samples, converted with PIL's formula: the reader's own ICC-based CMYK->RGB differs.
            Raster samples = reader.readRaster(0, null);
            warnings.check(name, format);
            checkSize(samples.getWidth(), samples.getHeight(), w, h, name, format);
            decoded = RgbConversion.fromCmyk(samples, adobe != JpegMarkers.NO_ADOBE);
        } else if (!cmyk && "JPEG".equals(format) && raw != null && raw.getColorModel().getNumComponents() == 3
                && JpegMarkers.hasIccProfile(bytes)) {
            // An embedded ICC profile: the readers convert pixels through it, PIL's convert("RGB") ignores it. Read
            // the stored samples and convert YCbCr to RGB with libjpeg's own integer tables, as PIL's decoder does.
            Raster samples = reader.readRaster(0, null);
            warnings.check(name, format);
            checkSize(samples.getWidth(), samples.getHeight(), w, h, name, format);
            decoded = new RgbImage(w, h, RgbConversion.fromJpegSamples(samples, adobe == JpegMarkers.ADOBE_UNTRANSFORMED));
        } else {
            // YCCK lands here too: TwelveMonkeys converts it to RGB through a CMYK profile (close to, not exactly, PIL).
            BufferedImage image = reader.read(0);
            warnings.check(name, format);
            checkSize(image.getWidth(), image.getHeight(), w, h, name, format);
            decoded = RgbConversion.toImage(image, !PngHeader.isLowBitGrey(bytes));
        }
        return decoded;
    }

    private static void checkSize(int gotW, int gotH, int w, int h, String name, String format) {
        if (gotW != w || gotH != h) {
            throw new ImageDecodeException(Reason.CORRUPT, name, format + " decoded to " + gotW + "x" + gotH
                    + " but the header says " + w + "x" + h);
        }
    }

    private static ImageDecodeException classify(IOException e, String name) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EOFException || Warnings.isTruncation(t.getMessage())) {
                return new ImageDecodeException(Reason.TRUNCATED, name, "data ends early: " + describe(e), e);
            }
        }
        String what = e instanceof IIOException ? "invalid image data: " : "read failed: ";
        return new ImageDecodeException(Reason.CORRUPT, name, what + describe(e), e);
    }

    private static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder(e.getClass().getSimpleName());
        if (e.getMessage() != null) {
            sb.append(' ').append(e.getMessage());
        }
        if (e.getCause() != null && e.getCause() != e && e.getCause().getMessage() != null) {
            sb.append(" (").append(e.getCause().getMessage()).append(')');
        }
        return sb.toString();
    }

    /**
     * JDK/TwelveMonkeys readers report a truncated or damaged JPEG only as a warning and fill the rest with grey;
     * PIL refuses truncated files, so such warnings are failures here: missing data is TRUNCATED, libjpeg's
     * "Corrupt JPEG data" is CORRUPT. Two kinds are tolerated: "extraneous bytes before marker", which PIL users
     * meet on good files, and informational notes (TwelveMonkeys' "no embedded ICC profile", JFIF revisions).
     */
    private static final class Warnings implements IIOReadWarningListener {
        private String first;

        @Override
        public void warningOccurred(ImageReader source, String warning) {
            if (first == null && isFatal(warning)) {
                first = warning;
            }
        }

        static boolean isFatal(String warning) {
            if (warning == null) {
                return false;
            }
            String m = warning.toLowerCase(Locale.ROOT);
            if (m.contains("extraneous bytes")) {
                return false;
            }
            return isTruncation(m) || m.contains("corrupt") || m.contains("inconsistent progression")
                    || m.contains("bogus") || m.contains("invalid sos");
        }

        void check(String name, String format) {
            if (first == null) {
                return;
            }
            Reason reason = isTruncation(first) ? Reason.TRUNCATED : Reason.CORRUPT;
            throw new ImageDecodeException(reason, name, format + " decoder warned: " + first);
        }

        static boolean isTruncation(String message) {
            if (message == null) {
                return false;
            }
            String m = message.toLowerCase(Locale.ROOT);
            return m.contains("premature end") || m.contains("truncat") || m.contains("unexpected end")
                    || m.contains("end of file") || m.contains("end of stream");
        }
    }
}

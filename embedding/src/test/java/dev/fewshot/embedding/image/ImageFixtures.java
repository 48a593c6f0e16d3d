package dev.fewshot.embedding.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The committed PIL references in fixtures/images (made by tools/pil-reference.py); no Python at test time. */
final class ImageFixtures {

    /** One manifest entry. */
    record Entry(String file, String reference, String format, String pilMode, int width, int height,
                 int resizedWidth, int resizedHeight, Convention hf, Convention openai) {
        boolean jpeg() {
            return format.equals("jpeg");
        }

        Convention of(ClipTransform t) {
            return t == ClipTransform.OPENAI ? openai : hf;
        }

        /** The reference crop of a convention, under fixtures/images/reference. */
        Path referenceFile(ClipTransform t) {
            Path ref = dir().resolve("reference");
            return (t == ClipTransform.OPENAI ? ref.resolve("openai") : ref).resolve(reference);
        }
    }

    /** What one convention (HF or OpenAI) produced for an image: where it cropped, stats of its float tensor. */
    record Convention(int cropLeft, int cropTop, double tensorSum, double tensorMin, double tensorMax) {
    }

    private ImageFixtures() {
    }

    static Path dir() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("fixtures/images/reference/manifest.json");
            if (Files.isRegularFile(candidate)) {
                return p.resolve("fixtures/images");
            }
        }
        throw new IllegalStateException("fixtures/images not found above " + Path.of("").toAbsolutePath());
    }

    /** Reads the manifest's image objects; the file is ours (json.dump, one key per line), so a regex is enough. */
    static List<Entry> entries() throws IOException {
        String json = Files.readString(dir().resolve("reference/manifest.json"));
        int images = json.indexOf("\"images\"");
        Matcher m = Pattern.compile("\\{([^{}]*)}").matcher(json.substring(images));
        List<Entry> out = new ArrayList<>();
        while (m.find()) {
            String o = m.group(1);
            out.add(new Entry(str(o, "file"), str(o, "reference"), str(o, "format"), str(o, "pilMode"),
                    (int) num(o, "width"), (int) num(o, "height"), (int) num(o, "resizedWidth"),
                    (int) num(o, "resizedHeight"),
                    new Convention((int) num(o, "hfCropLeft"), (int) num(o, "hfCropTop"), num(o, "tensorSum"),
                            num(o, "tensorMin"), num(o, "tensorMax")),
                    new Convention((int) num(o, "openaiCropLeft"), (int) num(o, "openaiCropTop"),
                            num(o, "openaiTensorSum"), num(o, "openaiTensorMin"), num(o, "openaiTensorMax"))));
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no images in manifest");
        }
        return out;
    }

    /** A convention's uint8 -> normalised float32 table from the manifest ("openai": torch; "hf": numpy), [3][256]. */
    static float[][] lut(String convention) throws IOException {
        String json = Files.readString(dir().resolve("reference/manifest.json"));
        int from = json.indexOf("\"" + convention + "\":", json.indexOf("\"lut\""));
        Matcher m = Pattern.compile("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?").matcher(json.substring(from));
        float[][] out = new float[3][256];
        for (int i = 0; i < 3 * 256; i++) {
            if (!m.find()) {
                throw new IllegalStateException(convention + " table has only " + i + " values");
            }
            out[i / 256][i % 256] = Float.parseFloat(m.group());
        }
        return out;
    }

    private static String str(String o, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":\\s*\"([^\"]*)\"").matcher(o);
        if (!m.find()) {
            throw new IllegalStateException("missing " + key);
        }
        return m.group(1);
    }

    private static double num(String o, String key) {
        Matcher m = Pattern.compile("\"" + key + "\":\\s*(-?[0-9.eE+-]+)").matcher(o);
        if (!m.find()) {
            throw new IllegalStateException("missing " + key);
        }
        return Double.parseDouble(m.group(1));
    }
}

package dev.fewshot.cli.commands;

import dev.fewshot.core.io.Npy;
import dev.fewshot.embedding.image.ClipPreprocessor;
import dev.fewshot.embedding.image.ClipTransform;
import dev.fewshot.embedding.image.ImageDecoder;
import dev.fewshot.embedding.image.ImageLimits;
import dev.fewshot.embedding.model.ClipModel;
import dev.fewshot.embedding.model.ExecutionSettings;
import dev.fewshot.embedding.model.ModelDirectory;
import dev.fewshot.embedding.model.ModelException;
import dev.fewshot.embedding.pipeline.EmbedStats;
import dev.fewshot.embedding.pipeline.EmbeddingSink;
import dev.fewshot.embedding.pipeline.ImageEmbedder;
import dev.fewshot.embedding.source.ImageItem;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fewshot embed-local}: CLIP vectors for a list of images in one process, no Kafka or PostgreSQL (as
 * clip-retrieval's {@code inference}). The decoder, its limits, the preprocessing and the encoder are the embedder
 * service's own classes ({@link ImageEmbedder}); only the sink differs: .npy and .tsv files instead of Kafka.
 */
@Command(name = "embed-local", mixinStandardHelpOptions = true,
        description = "Embed the images listed in a file with a local CLIP model: X.npy (float32 [n, D], L2-normalised,"
                + " list order), X.npy.items.tsv (each row's path), X.npy.failed.tsv (path, tab, reason).")
public final class EmbedLocalCommand implements Callable<Integer> {
    @Option(names = "--model-dir", required = true, description = "CLIP ONNX export (vision_model.onnx, ...)")
    Path modelDir;
    @Option(names = "--list", required = true, description = "image paths, one a line (relative ones from the"
            + " current directory; blank lines skipped)")
    Path list;
    @Option(names = "--out", required = true, description = "vectors, .npy")
    Path out;
    @Option(names = "--pixels-out", description = "also the preprocessed float32 tensors [n, 3, 224, 224], same rows")
    Path pixelsOut;
    @Option(names = "--preprocess", defaultValue = "openai", description = "openai or hf (default: ${DEFAULT-VALUE};"
            + " docs/preprocessing.md)")
    String preprocess;
    @Option(names = "--batch", defaultValue = "32", description = "images per model call, 1..4096 (default: ${DEFAULT-VALUE})")
    int batch;
    @Option(names = "--threads", defaultValue = "0", description = "decode threads (0: one per core beyond the first)")
    int threads;
    @Option(names = "--max-image-bytes", defaultValue = "67108864", description = "larger files fail (default: ${DEFAULT-VALUE})")
    long maxImageBytes;
    @Option(names = "--max-image-pixels", defaultValue = "89478485", description = "larger images fail (default: ${DEFAULT-VALUE}, PIL's)")
    long maxImagePixels;

    @Override
    public Integer call() throws Exception {
        if (batch < 1 || batch > 4096) {
            throw new IllegalArgumentException("--batch must be in 1..4096, got " + batch);
        }
        ClipTransform transform = ClipTransform.fromId(preprocess);
        List<String> lines = readList(list);
        List<ImageItem> items = new ArrayList<>();
        List<String[]> unreadable = new ArrayList<>();
        for (String line : lines) {
            try {
                items.add(new ImageItem(line, Path.of(line), -1));
            } catch (InvalidPathException e) {
                unreadable.add(new String[] {line, "not a valid path: " + e.getReason()});
            }
        }
        int decodeThreads = threads > 0 ? threads : Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
        ModelDirectory dir;
        try {
            dir = ModelDirectory.open(modelDir);
        } catch (ModelException e) {
            throw new IllegalArgumentException(modelDir + ": " + e.getMessage(), e);
        }
        Path itemsTsv = sibling(out, ".items.tsv");
        Path failedTsv = sibling(out, ".failed.tsv");
        try (ClipModel model = ClipModel.open(dir, ExecutionSettings.cpu());
             ImageEmbedder embedder = new ImageEmbedder(model.vision(), new ImageDecoder(
                     new ImageLimits(maxImageBytes, maxImagePixels)), new ClipPreprocessor(transform), decodeThreads, batch);
             Npy.RowWriter vectors = Npy.rowWriter(out, model.dim());
             Npy.RowWriter pixels = pixelsOut == null ? null : Npy.rowWriter(pixelsOut, 3, ClipPreprocessor.SIZE,
                     ClipPreprocessor.SIZE);
             BufferedWriter ok = Files.newBufferedWriter(itemsTsv, StandardCharsets.UTF_8);
             BufferedWriter bad = Files.newBufferedWriter(failedTsv, StandardCharsets.UTF_8)) {
            for (String[] u : unreadable) {
                bad.write(tsv(u[0]) + "\t" + tsv(u[1]) + "\n");
            }
            Sink sink = new Sink(vectors, pixels, ok, bad, items.size() + unreadable.size());
            EmbedStats stats = embedder.embed(items, sink);
            vectors.finish();
            if (pixels != null) {
                pixels.finish();
            }
            System.err.printf("embedded %d of %d images (%d failed, listed in %s) with %s preprocessing: %s%n",
                    stats.embedded(), lines.size(), stats.failed() + unreadable.size(), failedTsv, transform.id(), out);
        }
        return 0;
    }

    /** Lines of the list, UTF-8 (invalid bytes are an error naming the line), without blank ones and '\r'. */
    static List<String> readList(Path list) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(list);
        } catch (IOException e) {
            throw new IllegalArgumentException(list + ": cannot read the image list: " + e.getMessage(), e);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(list + ": the image list is not UTF-8 text", e);
        }
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            if (!l.isBlank()) {
                out.add(l);
            }
        }
        return out;
    }

    private static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }

    /** One TSV field: tabs and line breaks inside a path or reason would break the row. */
    static String tsv(String s) {
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    /** Vectors (and pixels) to .npy, ids and failures to .tsv, progress to stderr. */
    private static final class Sink implements EmbeddingSink {
        private final Npy.RowWriter vectors, pixels;
        private final BufferedWriter ok, bad;
        private final int total;
        private long done, lastReport;

        Sink(Npy.RowWriter vectors, Npy.RowWriter pixels, BufferedWriter ok, BufferedWriter bad, int total) {
            this.vectors = vectors;
            this.pixels = pixels;
            this.ok = ok;
            this.bad = bad;
            this.total = total;
        }

        @Override
        public void pixels(List<ImageItem> items, FloatBuffer px) {
            if (pixels != null) {
                pixels.append(px, items.size());
            }
        }

        @Override
        public void accept(List<ImageItem> items, float[] v, int dim) {
            vectors.append(v, 0, items.size());
            try {
                for (ImageItem it : items) {
                    ok.write(tsv(it.itemId()) + "\n");
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            progress(items.size());
        }

        @Override
        public void failed(ImageItem item, String reason) {
            try {
                bad.write(tsv(item.itemId()) + "\t" + tsv(reason) + "\n");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            progress(1);
        }

        private void progress(int n) {
            done += n;
            long now = System.nanoTime();
            if (now - lastReport > 2_000_000_000L || done == total) {
                lastReport = now;
                System.err.printf("embed-local: %d / %d images%n", done, total);
            }
        }
    }
}

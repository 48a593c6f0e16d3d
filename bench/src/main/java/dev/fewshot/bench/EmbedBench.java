package dev.fewshot.bench;

import dev.fewshot.contracts.Split;
import dev.fewshot.embedding.image.ClipPreprocessor;
import dev.fewshot.embedding.image.ImageDecoder;
import dev.fewshot.embedding.image.ImageLimits;
import dev.fewshot.embedding.image.RgbImage;
import dev.fewshot.embedding.model.ClipVisionEncoder;
import dev.fewshot.embedding.model.ExecutionSettings;
import dev.fewshot.embedding.pipeline.EmbedStats;
import dev.fewshot.embedding.pipeline.EmbeddingSink;
import dev.fewshot.embedding.pipeline.ImageEmbedder;
import dev.fewshot.embedding.source.ImageItem;
import dev.fewshot.contracts.VectorBatch;
import dev.fewshot.vectors.VectorPublisher;
import dev.fewshot.vectors.VectorStream;
import dev.fewshot.stack.LocalKafka;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Image embedding throughput, three numbers from the same run and threads:
 * (1) decode + CLIP preprocessing of ImageNet-sized JPEGs on one thread (images/s per core);
 * (2) bare ONNX Runtime on ready-made pixel tensors (images/s);
 * (3) end to end, JPEG files → decode → preprocess → model → Kafka (local broker) (images/s).
 * Usage: EmbedBench VISION_ONNX [images=192] [reps=3] [batch=32] [intraThreads=cores] [decodeThreads=max(1,cores/8)]
 */
public final class EmbedBench {
    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]);
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 192;
        int reps = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int batch = args.length > 3 ? Integer.parseInt(args[3]) : 32;
        int cores = Runtime.getRuntime().availableProcessors();
        int intra = args.length > 4 ? Integer.parseInt(args[4]) : cores;
        int decodeThreads = args.length > 5 ? Integer.parseInt(args[5]) : Math.max(1, cores / 8); // as the service on CPU

        Path dir = Files.createTempDirectory("fewshot-embed-bench");
        List<ImageItem> items = writeImages(dir, n);
        long bytes = 0;
        for (ImageItem it : items) {
            bytes += Files.size(it.path());
        }
        System.err.printf("%d JPEGs 500x375, mean %.0f KB; model %s; batch %d, intra-op threads %d, decode threads %d%n",
                n, bytes / 1024.0 / n, model, batch, intra, decodeThreads);

        ImageDecoder decoder = new ImageDecoder(ImageLimits.DEFAULTS);
        ClipPreprocessor pre = new ClipPreprocessor();
        double[] decodeRate = new double[reps], bare = new double[reps], e2e = new double[reps];
        try (ClipVisionEncoder encoder = ClipVisionEncoder.open(model, ExecutionSettings.cpu(intra));
             LocalKafka kafka = LocalKafka.start(null)) {
            kafka.createTopics(1, "bench-vectors");
            FloatBuffer pixels = ClipVisionEncoder.allocatePixels(batch);
            for (int i = 0; i < batch; i++) {
                pre.preprocess(decoder.decode(items.get(i % n).path()), pixels, i);
            }
            encoder.embed(pixels, batch); // warm-up
            for (int rep = 0; rep < reps; rep++) {
                // (1) decode + preprocess, one thread
                long t0 = System.nanoTime();
                FloatBuffer one = ClipVisionEncoder.allocatePixels(1);
                for (ImageItem it : items) {
                    RgbImage img = decoder.decode(it.path());
                    pre.preprocess(img, one, 0);
                }
                decodeRate[rep] = n / ((System.nanoTime() - t0) / 1e9);

                // (2) bare model on ready tensors: as many images as the end-to-end pass
                long t1 = System.nanoTime();
                for (int done = 0; done < n; done += batch) {
                    encoder.embed(pixels, batch);
                }
                int bareImages = ((n + batch - 1) / batch) * batch;
                bare[rep] = bareImages / ((System.nanoTime() - t1) / 1e9);

                // (3) end to end to Kafka
                try (VectorPublisher pub = new VectorPublisher(kafka.bootstrapServers(), "bench-vectors");
                     ImageEmbedder embedder = new ImageEmbedder(encoder, decoder, pre, decodeThreads, batch)) {
                    VectorStream stream = pub.stream("bench", "bench" + rep, "bench-" + rep, Split.TEST, encoder.dim(), null);
                    EmbedStats st = embedder.embed(items, new KafkaSink(stream));
                    stream.finish(st.failed());
                    if (st.failed() != 0 || st.embedded() != n) {
                        throw new IllegalStateException("embedded " + st.embedded() + ", failed " + st.failed());
                    }
                    e2e[rep] = st.imagesPerSecond();
                }
                System.err.printf("rep %d: decode+preprocess %.1f img/s/core, bare ORT %.2f img/s, end to end %.2f img/s (%.2fx)%n",
                        rep, decodeRate[rep], bare[rep], e2e[rep], e2e[rep] / bare[rep]);
            }
        }
        System.out.printf("images=%d batch=%d intra=%d decode_threads=%d decode_preprocess_median=%.1f/s/core "
                        + "bare_ort_median=%.2f/s end_to_end_median=%.2f/s ratio_of_medians=%.2f%n",
                n, batch, intra, decodeThreads, median(decodeRate), median(bare), median(e2e), median(e2e) / median(bare));
    }

    /** Publishes each batch as a vector record, as the embedder service does. */
    private record KafkaSink(VectorStream stream) implements EmbeddingSink {
        @Override
        public void accept(List<ImageItem> items, float[] vectors, int dim) throws InterruptedException {
            List<VectorBatch.Item> out = new ArrayList<>(items.size());
            for (int i = 0; i < items.size(); i++) {
                out.add(new VectorBatch.Item(items.get(i).itemId(), items.get(i).label(),
                        Arrays.copyOfRange(vectors, i * dim, (i + 1) * dim)));
            }
            stream.send(out);
        }

        @Override
        public void failed(ImageItem item, String reason) {
            throw new IllegalStateException(item.itemId() + ": " + reason);
        }
    }

    /** ImageNet-like JPEGs: 500x375, quality 90, gradients, shapes and noise (~100 KB each). */
    static List<ImageItem> writeImages(Path dir, int n) throws Exception {
        Random rnd = new Random(7);
        List<ImageItem> out = new ArrayList<>();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.9f);
        for (int i = 0; i < n; i++) {
            BufferedImage img = new BufferedImage(500, 375, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setPaint(new GradientPaint(0, 0, new Color(rnd.nextInt(0xFFFFFF)), 500, 375, new Color(rnd.nextInt(0xFFFFFF))));
            g.fillRect(0, 0, 500, 375);
            for (int s = 0; s < 12; s++) {
                g.setColor(new Color(rnd.nextInt(0xFFFFFF)));
                g.fillOval(rnd.nextInt(500), rnd.nextInt(375), 20 + rnd.nextInt(150), 20 + rnd.nextInt(150));
            }
            g.dispose();
            for (int p = 0; p < 500 * 375 / 3; p++) {
                int x = rnd.nextInt(500), y = rnd.nextInt(375);
                int c = img.getRGB(x, y);
                int d = rnd.nextInt(41) - 20;
                int r = clamp(((c >> 16) & 255) + d), gg = clamp(((c >> 8) & 255) + d), b = clamp((c & 255) + d);
                img.setRGB(x, y, (r << 16) | (gg << 8) | b);
            }
            Path f = dir.resolve(String.format("img-%04d.jpg", i));
            try (ImageOutputStream os = ImageIO.createImageOutputStream(f.toFile())) {
                writer.setOutput(os);
                writer.write(null, new IIOImage(img, null, null), param);
            }
            out.add(new ImageItem(f.getFileName().toString(), f, 0));
        }
        writer.dispose();
        return out;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}

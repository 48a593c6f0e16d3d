package dev.fewshot.embedding.pipeline;

import dev.fewshot.embedding.image.ClipPreprocessor;
import dev.fewshot.embedding.image.ImageDecodeException;
import dev.fewshot.embedding.image.ImageDecoder;
import dev.fewshot.embedding.image.RgbImage;
import dev.fewshot.embedding.model.ClipVisionEncoder;
import dev.fewshot.embedding.source.ImageItem;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Embeds a list of images: decode and preprocess run on {@code decodeThreads} workers while the
 * calling thread runs the model, batch by batch. Batches are fixed slices of the listing (items
 * [b·size, (b+1)·size)), so the same listing always gives the same batches and bit-identical
 * vectors. At most {@code decodeThreads + 1} batches of pixels exist at once (about 0.6 MB per
 * image), and a slow sink stops the decoders: memory stays bounded.
 */
public final class ImageEmbedder implements AutoCloseable {
    private static final int PIXELS = 3 * ClipPreprocessor.SIZE * ClipPreprocessor.SIZE;

    private final ClipVisionEncoder encoder;
    private final ImageDecoder decoder;
    private final ClipPreprocessor preprocessor;
    private final int batchSize;
    private final int inFlight;
    private final ExecutorService workers;

    public ImageEmbedder(ClipVisionEncoder encoder, ImageDecoder decoder, ClipPreprocessor preprocessor,
                         int decodeThreads, int batchSize) {
        if (decodeThreads < 1 || batchSize < 1) {
            throw new IllegalArgumentException("decode threads and batch size must be >= 1");
        }
        this.encoder = encoder;
        this.decoder = decoder;
        this.preprocessor = preprocessor;
        this.batchSize = batchSize;
        this.inFlight = decodeThreads + 1;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(decodeThreads, r -> {
            Thread t = new Thread(r, "image-decode-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Pixels of one batch, ready for the model: the decoded items fill slots 0..items.size()-1. */
    private record Prepared(List<ImageItem> items, List<ImageItem> failed, List<String> reasons, FloatBuffer pixels) {
    }

    /** @return counts of embedded and failed images */
    public EmbedStats embed(List<ImageItem> items, EmbeddingSink sink) throws InterruptedException {
        long started = System.nanoTime();
        long ok = 0, bad = 0;
        // Fresh buffers per call: a failed call cannot leave the next one short of buffers.
        BlockingQueue<FloatBuffer> buffers = new ArrayBlockingQueue<>(inFlight);
        for (int i = 0; i < inFlight; i++) {
            buffers.add(ByteBuffer.allocateDirect(batchSize * PIXELS * Float.BYTES).order(ByteOrder.nativeOrder())
                    .asFloatBuffer());
        }
        Deque<Future<Prepared>> pending = new ArrayDeque<>();
        try {
            for (int start = 0; start < items.size() || !pending.isEmpty(); ) {
                if (start < items.size() && pending.size() < inFlight) {
                    List<ImageItem> batch = items.subList(start, Math.min(items.size(), start + batchSize));
                    pending.addLast(workers.submit(() -> prepare(batch, buffers)));
                    start += batch.size();
                    continue;
                }
                Prepared p = get(pending.removeFirst());
                try {
                    for (int i = 0; i < p.failed().size(); i++) {
                        sink.failed(p.failed().get(i), p.reasons().get(i));
                    }
                    bad += p.failed().size();
                    if (!p.items().isEmpty()) {
                        FloatBuffer exact = p.pixels().duplicate();
                        exact.position(0).limit(p.items().size() * PIXELS);
                        sink.pixels(p.items(), exact.slice());
                        float[] vectors = encoder.embed(exact.slice(), p.items().size());
                        sink.accept(p.items(), vectors, encoder.dim());
                        ok += p.items().size();
                    }
                } finally {
                    buffers.add(p.pixels());
                }
            }
        } finally {
            for (Future<Prepared> f : pending) {
                f.cancel(true);
            }
        }
        return new EmbedStats(ok, bad, System.nanoTime() - started);
    }

    private Prepared prepare(List<ImageItem> batch, BlockingQueue<FloatBuffer> buffers) throws InterruptedException {
        FloatBuffer pixels = buffers.take();
        List<ImageItem> ok = new ArrayList<>(batch.size());
        List<ImageItem> failed = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        for (ImageItem item : batch) {
            try {
                RgbImage img = decoder.decode(item.path());
                preprocessor.preprocess(img, pixels, ok.size());
                ok.add(item);
            } catch (ImageDecodeException e) {
                failed.add(item);
                reasons.add(e.getMessage());
            } catch (RuntimeException e) {
                // Never lose the split to one image: anything unexpected is that image's failure.
                failed.add(item);
                reasons.add(item.itemId() + ": " + e);
            }
        }
        return new Prepared(ok, failed, reasons, pixels);
    }

    private static Prepared get(Future<Prepared> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("image decoding failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}

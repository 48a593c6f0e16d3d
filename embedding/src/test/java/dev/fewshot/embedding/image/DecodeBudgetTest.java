package dev.fewshot.embedding.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fewshot.embedding.testing.TestImages;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Decoding holds at most its budget of heap at once: too big is refused with the numbers, concurrent decodes wait. */
class DecodeBudgetTest {

    @Test
    void anImageThatCanNeverFitIsRefusedNamingItsSizeAndTheBudget() {
        ImageDecoder small = new ImageDecoder(ImageLimits.DEFAULTS, new DecodeBudget(8L << 20, Duration.ofSeconds(1)));
        ImageDecodeException e = assertThrows(ImageDecodeException.class,
                () -> small.decode(TestImages.stripesPng(2000, 2000), "big.png"));
        assertEquals(ImageDecodeException.Reason.TOO_LARGE, e.reason());
        assertTrue(e.getMessage().contains("big.png") && e.getMessage().contains("2000x2000")
                && e.getMessage().contains("MiB"), e.getMessage());
        // one that fits decodes, and gives its share back
        for (int i = 0; i < 3; i++) {
            assertEquals(500, small.decode(TestImages.stripesPng(500, 400), "ok.png").width());
        }
    }

    @Test
    void aDecodeWaitsForTheMemoryOfAnother() throws Exception {
        DecodeBudget budget = new DecodeBudget(10L << 20, Duration.ofSeconds(5));
        DecodeBudget.Lease held = budget.reserve(9L << 20, "first", "first");
        CountDownLatch started = new CountDownLatch(1);
        AtomicBoolean done = new AtomicBoolean();
        Thread second = new Thread(() -> {
            started.countDown();
            try (DecodeBudget.Lease l = budget.reserve(5L << 20, "second", "second")) {
                done.set(true);
            }
        });
        second.start();
        started.await();
        Thread.sleep(300);
        assertTrue(!done.get(), "the second decode must wait while the first holds the memory");
        held.close();
        second.join(TimeUnit.SECONDS.toMillis(5));
        assertTrue(done.get());
    }

    /** Issue 12: a 2 x 2,000,000 PNG used to exhaust a 4 GB heap in the preprocessor; now it embeds in megabytes. */
    @Test
    void aTwoByTwoMillionPngDecodesAndPreprocesses() {
        byte[] png = TestImages.stripesPng(2, 2_000_000);
        assertTrue(png.length < 100_000, png.length + " bytes");
        RgbImage img = new ImageDecoder().decode(png, "thin.png");
        float[] x = new ClipPreprocessor().preprocess(img);
        assertEquals(ClipPreprocessor.IMAGE_FLOATS, x.length);
    }
}

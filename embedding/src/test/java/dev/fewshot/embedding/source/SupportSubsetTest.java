package dev.fewshot.embedding.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fewshot.core.sampling.KShotSampler;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class SupportSubsetTest {
    private static final Path ANY = Path.of("unused.jpg");

    /** The item ids KShotSampler.forIds picks from {@code items} for one seed and K. */
    private static Set<String> picked(List<ImageItem> items, int numClasses, long seed, int k) {
        int[] labels = items.stream().mapToInt(ImageItem::label).toArray();
        String[] ids = items.stream().map(ImageItem::itemId).toArray(String[]::new);
        Set<String> out = new TreeSet<>();
        for (int row : KShotSampler.forIds(labels, ids, numClasses, seed).sample(k).rows()) {
            out.add(ids[row]);
        }
        return out;
    }

    @Test
    void samplingTheSubsetPicksExactlyWhatSamplingTheFullListingPicks() {
        Random rnd = new Random(20240611);
        for (int trial = 0; trial < 40; trial++) {
            int numClasses = 2 + rnd.nextInt(9);
            List<ImageItem> full = new ArrayList<>();
            for (int c = 0; c < numClasses; c++) {
                // Uneven sizes, some classes smaller than K, some empty.
                int n = rnd.nextInt(4) == 0 ? rnd.nextInt(4) : rnd.nextInt(60);
                for (int i = 0; i < n; i++) {
                    full.add(new ImageItem("c" + c + "/img_" + rnd.nextInt(1_000_000) + "_" + i + ".jpg", ANY, c));
                }
            }
            List<ImageItem> shuffled = new ArrayList<>(full);
            java.util.Collections.shuffle(shuffled, rnd);
            List<Integer> shots = List.of(1, 2, 4, 8 + rnd.nextInt(9));
            List<Long> seeds = List.of(rnd.nextLong(), 0L, (long) trial);
            int maxK = shots.get(3);

            List<ImageItem> subset = SupportSubset.select(shuffled, numClasses, shots, seeds);
            List<String> ids = subset.stream().map(ImageItem::itemId).toList();
            assertEquals(ids.stream().sorted().toList(), ids, "sorted by item id");
            assertEquals(ids.size(), new HashSet<>(ids).size());
            assertTrue(subset.size() <= seeds.size() * maxK * numClasses);
            for (long seed : seeds) {
                for (int k = 1; k <= maxK; k++) {
                    assertEquals(picked(full, numClasses, seed, k), picked(subset, numClasses, seed, k),
                            "trial " + trial + " seed " + seed + " K " + k);
                }
            }
        }
    }

    @Test
    void aThousandClassesOfThirteenHundredAtSixteenShotsAndThreeSeedsIsAtMost48000() {
        int classes = 1000;
        int perClass = 1300;
        List<ImageItem> full = new ArrayList<>(classes * perClass);
        for (int c = 0; c < classes; c++) {
            String wnid = String.format("n%08d", 1440764 + c);
            for (int i = 0; i < perClass; i++) {
                full.add(new ImageItem(wnid + "/" + wnid + "_" + i + ".JPEG", ANY, c));
            }
        }
        List<ImageItem> subset = SupportSubset.select(full, classes, List.of(1, 2, 4, 8, 16), List.of(1L, 2L, 3L));
        assertTrue(subset.size() <= 48_000, "subset " + subset.size());
        assertTrue(subset.size() >= 16_000, "subset " + subset.size());
        // Every class contributes at least its 16 shots for one seed.
        int[] perLabel = new int[classes];
        subset.forEach(i -> perLabel[i.label()]++);
        for (int c = 0; c < classes; c++) {
            assertTrue(perLabel[c] >= 16 && perLabel[c] <= 48, "class " + c + ": " + perLabel[c]);
        }
    }

    @Test
    void classesSmallerThanKAreKeptWhole() {
        List<ImageItem> full = List.of(new ImageItem("a/1.jpg", ANY, 0), new ImageItem("a/2.jpg", ANY, 0),
                new ImageItem("b/1.jpg", ANY, 1));
        assertEquals(full.stream().sorted(Comparator.comparing(ImageItem::itemId)).toList(),
                SupportSubset.select(full, 2, List.of(4), List.of(5L)));
    }

    @Test
    void refusesUnlabelledItemsDuplicatesAndEmptyRuns() {
        List<ImageItem> ood = List.of(new ImageItem("a.jpg", ANY, -1));
        assertThrows(IllegalArgumentException.class, () -> SupportSubset.select(ood, 2, List.of(1), List.of(1L)));
        List<ImageItem> dup = List.of(new ImageItem("a.jpg", ANY, 0), new ImageItem("a.jpg", ANY, 1));
        assertThrows(IllegalArgumentException.class, () -> SupportSubset.select(dup, 2, List.of(1), List.of(1L)));
        List<ImageItem> ok = List.of(new ImageItem("a.jpg", ANY, 0));
        assertThrows(IllegalArgumentException.class, () -> SupportSubset.select(ok, 1, List.of(), List.of(1L)));
        assertThrows(IllegalArgumentException.class, () -> SupportSubset.select(ok, 1, List.of(1), List.of()));
        assertThrows(IllegalArgumentException.class, () -> SupportSubset.select(ok, 1, List.of(0), List.of(1L)));
    }
}

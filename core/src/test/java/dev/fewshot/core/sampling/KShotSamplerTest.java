package dev.fewshot.core.sampling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KShotSamplerTest {

    private static int[] labels(int classes, int perClass) {
        int[] y = new int[classes * perClass];
        for (int i = 0; i < y.length; i++) {
            y[i] = i % classes;
        }
        return y;
    }

    @Test
    void setsAreNestedAcrossK() {
        int[] y = labels(10, 20);
        KShotSampler s = KShotSampler.forRows(y, 10, 3);
        Set<Integer> previous = new HashSet<>();
        for (int k : new int[]{1, 2, 4, 8, 16}) {
            SupportSet set = s.sample(k);
            assertEquals(10 * k, set.size());
            Set<Integer> now = new HashSet<>();
            for (int r : set.rows()) {
                now.add(r);
            }
            assertTrue(now.containsAll(previous), "K=" + k + " must contain the smaller set");
            previous = now;
        }
    }

    @Test
    void labelsAndShotIndicesDescribeTheRows() {
        int[] y = labels(5, 9);
        SupportSet set = KShotSampler.forRows(y, 5, 1).sample(4);
        int[] rows = set.rows();
        int[] lab = set.labels();
        int[] shot = set.shotIndex();
        for (int i = 0; i < rows.length; i++) {
            assertEquals(y[rows[i]], lab[i]);
            assertEquals(i % 4, shot[i]);
        }
        assertEquals(0, set.shortClasses().length);
    }

    @Test
    void independentOfArrivalOrder() {
        int n = 300;
        int[] y = new int[n];
        long[] keys = new long[n];
        Random rnd = new Random(5);
        for (int i = 0; i < n; i++) {
            y[i] = rnd.nextInt(7);
            keys[i] = ItemKey.of("img/" + i + ".jpg");
        }
        // The same items in a shuffled order must give the same items (by key) in each set.
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int[] y2 = new int[n];
        long[] keys2 = new long[n];
        for (int i = 0; i < n; i++) {
            y2[i] = y[perm[i]];
            keys2[i] = keys[perm[i]];
        }
        for (int k : new int[]{1, 4, 16}) {
            int[] a = KShotSampler.forRows(y, 7, 11).sample(k).rows();
            SupportSet sa = new KShotSampler(y, keys, 7, 11).sample(k);
            SupportSet sb = new KShotSampler(y2, keys2, 7, 11).sample(k);
            long[] ka = new long[sa.size()];
            long[] kb = new long[sb.size()];
            for (int i = 0; i < ka.length; i++) {
                ka[i] = keys[sa.rows()[i]];
                kb[i] = keys2[sb.rows()[i]];
            }
            assertArrayEquals(ka, kb, "K=" + k);
            assertEquals(a.length, sa.size());
        }
    }

    @Test
    void seedsGiveDifferentSets() {
        int[] y = labels(10, 30);
        assertNotEquals(java.util.Arrays.toString(KShotSampler.forRows(y, 10, 0).sample(4).rows()),
                java.util.Arrays.toString(KShotSampler.forRows(y, 10, 1).sample(4).rows()));
    }

    @Test
    void shortClassesUseAllTheyHaveAndSaySo() {
        int[] y = {0, 0, 0, 0, 1, 2, 2};
        SupportSet set = KShotSampler.forRows(y, 3, 0).sample(3);
        assertArrayEquals(new int[]{1, 2}, set.shortClasses());
        assertEquals(3 + 1 + 2, set.size());
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> KShotSampler.forRows(new int[]{0, 5}, 3, 0));
        assertThrows(IllegalArgumentException.class, () -> KShotSampler.forRows(new int[]{0, 1}, 2, 0).sample(0));
    }

    @Test
    void rowPoolsAndIdPoolsWithDecimalIdsAgree() {
        int[] y = labels(6, 10);
        String[] ids = new String[y.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = Integer.toString(i);
        }
        assertArrayEquals(KShotSampler.forRows(y, 6, 4).sample(8).rows(), KShotSampler.forIds(y, ids, 6, 4).sample(8).rows());
    }
}

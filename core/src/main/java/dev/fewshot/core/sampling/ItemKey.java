package dev.fewshot.core.sampling;

import java.nio.charset.StandardCharsets;

/**
 * Stable 64-bit keys for items. Sampling ranks items by a hash of (seed, key), so every process
 * that sees the same items picks the same support sets, whatever order they arrive in.
 */
public final class ItemKey {
    private ItemKey() {
    }

    /** The key of an item known by a string id (an image path, say): FNV-1a 64 of its UTF-8 bytes. */
    public static long of(String itemId) {
        long h = 0xcbf29ce484222325L;
        for (byte b : itemId.getBytes(StandardCharsets.UTF_8)) {
            h ^= (b & 0xff);
            h *= 0x100000001b3L;
        }
        return h;
    }

    /** Rank of an item for a seed; lower ranks are picked first. SplitMix64 finaliser of both. */
    public static long rank(long seed, long key) {
        return mix(mix(seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L) ^ key);
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

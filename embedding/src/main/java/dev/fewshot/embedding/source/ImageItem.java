package dev.fewshot.embedding.source;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One image to embed.
 *
 * @param itemId path relative to the layout root with '/' separators: the same on every machine, so it
 *               serves as the Kafka item id and as the K-shot sampling key
 * @param path   where to read it (already checked to lie inside the data roots)
 * @param label  class index, or -1 for an OOD or unlabelled item
 */
public record ImageItem(String itemId, Path path, int label) {
    public ImageItem {
        Objects.requireNonNull(itemId, "itemId");
        if (itemId.isEmpty()) {
            throw new IllegalArgumentException("empty item id");
        }
        if (label < -1) {
            throw new IllegalArgumentException("label " + label + " of " + itemId + " is below -1");
        }
    }
}

package dev.fewshot.embedding.source;

import java.util.List;

/**
 * The images of one split in a deterministic order (sorted by item id), plus the entries that were refused.
 */
public record SourceListing(List<ImageItem> items, List<FailedItem> failed) {
    public SourceListing {
        items = List.copyOf(items);
        failed = List.copyOf(failed);
    }

    public int size() {
        return items.size();
    }

    public List<String> itemIds() {
        return items.stream().map(ImageItem::itemId).toList();
    }
}

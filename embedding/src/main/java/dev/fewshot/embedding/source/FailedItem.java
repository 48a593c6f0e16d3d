package dev.fewshot.embedding.source;

/**
 * An entry refused at listing time (unknown label, missing file, symlink escape, not an image). Kept
 * rather than thrown: one bad file must not fail a whole split, but the request should say what was dropped.
 *
 * @param itemId the entry's id, or {@code line N} when a malformed row has no usable file name
 * @param reason why it was refused
 */
public record FailedItem(String itemId, String reason) {
}

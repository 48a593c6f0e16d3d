/**
 * Image decoding and CLIP preprocessing, matching what Hugging Face {@code CLIPImageProcessor} does with PIL:
 * {@link dev.fewshot.embedding.image.ImageDecoder} turns bytes into 8-bit RGB as {@code Image.convert("RGB")}
 * does (refusing decompression bombs before decoding pixels), {@link dev.fewshot.embedding.image.ClipPreprocessor}
 * resizes with PIL's fixed-point bicubic filter, centre-crops and normalises into CHW float32.
 * See {@code docs/preprocessing.md}.
 */
package dev.fewshot.embedding.image;

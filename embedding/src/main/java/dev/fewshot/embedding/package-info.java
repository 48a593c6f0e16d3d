/**
 * CLIP embedding without any transport: {@code image} decodes and preprocesses images as CLIP does,
 * {@code model} runs the CLIP ONNX encoders, {@code text} tokenises prompts and builds the zero-shot
 * classifier, {@code source} lists the images of a dataset layout inside the allowed data roots.
 */
package dev.fewshot.embedding;

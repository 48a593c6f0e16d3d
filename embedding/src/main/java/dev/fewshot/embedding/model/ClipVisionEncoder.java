package dev.fewshot.embedding.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.TensorInfo.OnnxTensorType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * The CLIP image tower: preprocessed pixels [N,3,224,224] to image embeddings [N,D].
 *
 * <p>One ORT session, shared by all caller threads ({@code OrtSession.run} is thread-safe). Names and
 * shapes are read from the model, not assumed, and a probe run on one zero image at construction
 * makes a wrong file (e.g. the text model) fail here rather than at the first real batch.
 *
 * <p>The Hugging Face export returns the projected embedding, NOT L2-normalised: {@link #embed}
 * normalises each row, {@link #embedRaw} returns the export's numbers unchanged.
 */
public final class ClipVisionEncoder implements AutoCloseable {
    public static final int CHANNELS = 3;
    public static final int SIZE = 224;
    public static final int FLOATS_PER_IMAGE = CHANNELS * SIZE * SIZE;
    private static final long[] IMAGE_DIMS = {CHANNELS, SIZE, SIZE};
    private static final String EXPECTED = "expected one float32 input [N,3,224,224]";

    private final EncoderSession s;
    private final String inputName;
    private final String outputName;
    /** 0 when the batch dim is symbolic; otherwise every run must use exactly this many images. */
    private final int fixedBatch;
    private final int dim;

    private ClipVisionEncoder(EncoderSession s) {
        this.s = s;
        Map<String, NodeInfo> ins = s.inputs();
        NodeInfo only = ins.size() == 1 ? ins.values().iterator().next() : null;
        TensorInfo in = only == null ? null : EncoderSession.tensor(only, OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT, 4);
        if (in == null || !imageDimsCompatible(in.getShape())) {
            throw new ModelException(s.what + " has " + EncoderSession.describeAll("input", ins) + "; " + EXPECTED);
        }
        this.inputName = only.getName();
        this.fixedBatch = (int) Math.max(0, in.getShape()[0]);
        this.outputName = s.embeddingOutput("image_embeds");
        this.dim = probe(s.declaredDim(outputName));
    }

    /**
     * @throws ModelException if the file cannot be loaded, its signature is not an image tower, or a
     *                        probe run on one zero image fails
     */
    public static ClipVisionEncoder open(Path onnxFile, ExecutionSettings settings) {
        EncoderSession s = EncoderSession.open("vision model", onnxFile, settings);
        try {
            return new ClipVisionEncoder(s);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private static boolean imageDimsCompatible(long[] shape) {
        for (int i = 1; i < 4; i++) {
            if (shape[i] >= 0 && shape[i] != IMAGE_DIMS[i - 1]) {
                return false;
            }
        }
        return true;
    }

    private int probe(long declaredDim) {
        int n = Math.max(1, fixedBatch);
        try {
            float[] out = runChunk(allocatePixels(n), n, declaredDim);
            return out.length / n;
        } catch (OrtException | ModelException e) {
            throw new ModelException(s.what + " failed a probe run on a zero float32 [" + n + ",3,224,224] input '"
                    + inputName + "' (output '" + outputName + "'): " + e.getMessage(), e);
        }
    }

    /** A zeroed direct buffer in native order for {@code n} images: the layout {@link #embed} wants. */
    public static FloatBuffer allocatePixels(int n) {
        return ByteBuffer.allocateDirect(Math.multiplyExact(n, FLOATS_PER_IMAGE * Float.BYTES))
                .order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** Embedding width D (512 for ViT-B/32). */
    public int dim() {
        return dim;
    }

    public String inputName() {
        return inputName;
    }

    public String outputName() {
        return outputName;
    }

    /**
     * L2-normalised image embeddings.
     *
     * @param pixels the remaining n×3×224×224 floats (NCHW, CLIP-normalised). A direct, native-order
     *               buffer is handed to ORT without a copy; a heap buffer works but is copied.
     * @return n×D floats, row-major, each row of unit norm
     */
    public float[] embed(FloatBuffer pixels, int n) {
        return EncoderSession.normalizeRows(embedRaw(pixels, n), dim);
    }

    /** As {@link #embed} but without normalisation: the export's own output. */
    public float[] embedRaw(FloatBuffer pixels, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, got " + n);
        }
        if (pixels.remaining() != (long) n * FLOATS_PER_IMAGE) {
            throw new IllegalArgumentException(n + " images need " + (long) n * FLOATS_PER_IMAGE
                    + " floats but the buffer has " + pixels.remaining() + " remaining");
        }
        if (pixels.isDirect() && pixels.order() != ByteOrder.nativeOrder()) {
            // ORT reads a direct buffer's memory as is: a big-endian view would give garbage.
            throw new IllegalArgumentException("direct pixel buffer must be in native byte order; use allocatePixels");
        }
        int chunk = fixedBatch == 0 ? n : fixedBatch;
        if (n % chunk != 0) {
            throw new IllegalArgumentException(s.what + " has a fixed batch of " + fixedBatch + "; got " + n + " images");
        }
        float[] out = new float[Math.multiplyExact(n, dim)];
        try {
            for (int start = 0; start < n; start += chunk) {
                FloatBuffer view = pixels.duplicate();
                view.position(pixels.position() + start * FLOATS_PER_IMAGE);
                view.limit(view.position() + chunk * FLOATS_PER_IMAGE);
                float[] part = runChunk(view.slice(), chunk, dim);
                System.arraycopy(part, 0, out, start * dim, part.length);
            }
        } catch (OrtException e) {
            throw new ModelException(s.what + " failed on a batch of " + n + " images: " + e.getMessage(), e);
        }
        return out;
    }

    private float[] runChunk(FloatBuffer chunk, int m, long d) throws OrtException {
        try (OnnxTensor t = OnnxTensor.createTensor(s.env, chunk, new long[]{m, CHANNELS, SIZE, SIZE})) {
            return s.run(Map.of(inputName, t), outputName, m, d);
        }
    }

    @Override
    public void close() {
        s.close();
    }
}

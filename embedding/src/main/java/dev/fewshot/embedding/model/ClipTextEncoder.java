package dev.fewshot.embedding.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.TensorInfo.OnnxTensorType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The CLIP text tower: token ids int64 [N,L] (L ≤ 77) to text embeddings [N,D].
 *
 * <p>Same contract as {@link ClipVisionEncoder}: one shared session, names read from the model, a
 * probe run at construction. Some exports also take an {@code attention_mask}; it is fed as 1 up to
 * and including the end-of-text token (the position of the largest id, which is what CLIP pools),
 * 0 after. CLIP's causal mask already hides later positions from that token, so the mask does not
 * change the embedding; it is only there to satisfy the signature.
 *
 * <p>The export's embeddings are NOT L2-normalised: {@link #embed} normalises, {@link #embedRaw} does not.
 */
public final class ClipTextEncoder implements AutoCloseable {
    public static final int MAX_LENGTH = 77;
    private static final String EXPECTED = "expected input int64 [N,L<=77] (token ids), optionally with attention_mask int64 [N,L]";

    private final EncoderSession s;
    private final String idsName;
    /** null when the model takes only the ids. */
    private final String maskName;
    private final String outputName;
    /** 0 when symbolic; else every run must use exactly this many rows / tokens. */
    private final int fixedBatch;
    private final int fixedLength;
    private final int dim;

    private ClipTextEncoder(EncoderSession s) {
        this.s = s;
        Map<String, NodeInfo> ins = s.inputs();
        String ids = null;
        String mask = null;
        boolean ok = ins.size() == 1 || ins.size() == 2;
        for (NodeInfo n : ins.values()) {
            ok &= EncoderSession.tensor(n, OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64, 2) != null;
            if (ins.size() == 2 && n.getName().toLowerCase(Locale.ROOT).contains("mask")) {
                mask = n.getName();
            } else {
                ids = n.getName();
            }
        }
        ok &= ids != null && (ins.size() == 1 || mask != null);
        long[] shape = ok ? ((TensorInfo) ins.get(ids).getInfo()).getShape() : null;
        if (!ok || shape[1] > MAX_LENGTH || shape[1] == 0) {
            throw new ModelException(s.what + " has " + EncoderSession.describeAll("input", ins) + "; " + EXPECTED);
        }
        this.idsName = ids;
        this.maskName = mask;
        this.fixedBatch = (int) Math.max(0, shape[0]);
        this.fixedLength = (int) Math.max(0, shape[1]);
        this.outputName = s.embeddingOutput("text_embeds");
        this.dim = probe(s.declaredDim(outputName));
    }

    /**
     * @throws ModelException if the file cannot be loaded, its signature is not a text tower, or a
     *                        probe run on one minimal prompt fails
     */
    public static ClipTextEncoder open(Path onnxFile, ExecutionSettings settings) {
        EncoderSession s = EncoderSession.open("text model", onnxFile, settings);
        try {
            return new ClipTextEncoder(s);
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
    }

    private int probe(long declaredDim) {
        int n = Math.max(1, fixedBatch);
        int len = fixedLength == 0 ? MAX_LENGTH : fixedLength;
        long[][] ids = new long[n][len];
        for (long[] row : ids) {
            // <|startoftext|> <|endoftext|> padded with <|endoftext|>: the empty prompt.
            java.util.Arrays.fill(row, 49407L);
            row[0] = 49406L;
        }
        try {
            float[] out = runChunk(ids, 0, n, len, declaredDim);
            return out.length / n;
        } catch (OrtException | ModelException e) {
            throw new ModelException(s.what + " failed a probe run on an int64 [" + n + "," + len + "] input '"
                    + idsName + "' (output '" + outputName + "'): " + e.getMessage(), e);
        }
    }

    public int dim() {
        return dim;
    }

    public String inputName() {
        return idsName;
    }

    public String outputName() {
        return outputName;
    }

    /** L2-normalised embeddings of equally long id rows (e.g. ClipTokenizer output, 77 each): n×D floats. */
    public float[] embed(long[][] ids) {
        return EncoderSession.normalizeRows(embedRaw(ids), dim);
    }

    /** As {@link #embed} but without normalisation: the export's own output. */
    public float[] embedRaw(long[][] ids) {
        int n = ids.length;
        if (n < 1) {
            throw new IllegalArgumentException("need at least one row of ids");
        }
        int len = ids[0].length;
        for (long[] row : ids) {
            if (row.length != len) {
                throw new IllegalArgumentException("id rows differ in length: " + len + " and " + row.length);
            }
        }
        if (len < 1 || len > MAX_LENGTH || (fixedLength != 0 && len != fixedLength)) {
            throw new IllegalArgumentException(s.what + " takes rows of " + (fixedLength != 0 ? fixedLength : "1.." + MAX_LENGTH)
                    + " ids; got " + len);
        }
        int chunk = fixedBatch == 0 ? n : fixedBatch;
        if (n % chunk != 0) {
            throw new IllegalArgumentException(s.what + " has a fixed batch of " + fixedBatch + "; got " + n + " rows");
        }
        float[] out = new float[Math.multiplyExact(n, dim)];
        try {
            for (int start = 0; start < n; start += chunk) {
                float[] part = runChunk(ids, start, chunk, len, dim);
                System.arraycopy(part, 0, out, start * dim, part.length);
            }
        } catch (OrtException e) {
            throw new ModelException(s.what + " failed on a batch of " + n + " prompts: " + e.getMessage(), e);
        }
        return out;
    }

    private float[] runChunk(long[][] ids, int from, int m, int len, long d) throws OrtException {
        long[] shape = {m, len};
        LongBuffer idBuf = directLongs(m * len);
        LongBuffer maskBuf = maskName == null ? null : directLongs(m * len);
        for (int r = from; r < from + m; r++) {
            idBuf.put(ids[r]);
            if (maskBuf != null) {
                int eot = argmax(ids[r]);
                for (int j = 0; j < len; j++) {
                    maskBuf.put(j <= eot ? 1L : 0L);
                }
            }
        }
        idBuf.flip();
        Map<String, OnnxTensor> feed = new HashMap<>();
        try (OnnxTensor idT = OnnxTensor.createTensor(s.env, idBuf, shape);
             OnnxTensor maskT = maskBuf == null ? null : OnnxTensor.createTensor(s.env, maskBuf.flip(), shape)) {
            feed.put(idsName, idT);
            if (maskT != null) {
                feed.put(maskName, maskT);
            }
            return s.run(feed, outputName, m, d);
        }
    }

    private static int argmax(long[] row) {
        int best = 0;
        for (int j = 1; j < row.length; j++) {
            if (row[j] > row[best]) {
                best = j;
            }
        }
        return best;
    }

    private static LongBuffer directLongs(int count) {
        return ByteBuffer.allocateDirect(count * Long.BYTES).order(ByteOrder.nativeOrder()).asLongBuffer();
    }

    @Override
    public void close() {
        s.close();
    }
}

package dev.fewshot.embedding.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.TensorInfo.OnnxTensorType;
import dev.fewshot.core.linalg.FloatMatrix;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What both encoders share: one ORT session for one ONNX file, signature descriptions for error
 * messages, choosing the embedding output, and running one batch. OrtSession.run is thread-safe,
 * so one instance serves every caller thread.
 */
final class EncoderSession implements AutoCloseable {
    final OrtEnvironment env;
    final OrtSession session;
    /** "vision model /path/vision_model.onnx": the subject of every error message. */
    final String what;

    private EncoderSession(OrtEnvironment env, OrtSession session, String what) {
        this.env = env;
        this.session = session;
        this.what = what;
    }

    static EncoderSession open(String role, Path file, ExecutionSettings settings) {
        String what = role + " " + file.toAbsolutePath().normalize();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (SessionOptions opts = settings.toSessionOptions()) {
            return new EncoderSession(env, env.createSession(file.toString(), opts), what);
        } catch (OrtException e) {
            throw new ModelException("cannot load " + what + ": " + e.getMessage(), e);
        }
    }

    Map<String, NodeInfo> inputs() {
        try {
            return session.getInputInfo();
        } catch (OrtException e) {
            throw new ModelException("cannot read the inputs of " + what + ": " + e.getMessage(), e);
        }
    }

    Map<String, NodeInfo> outputs() {
        try {
            return session.getOutputInfo();
        } catch (OrtException e) {
            throw new ModelException("cannot read the outputs of " + what + ": " + e.getMessage(), e);
        }
    }

    /** The tensor info of a node if it is a tensor of the given element type and rank, else null. */
    static TensorInfo tensor(NodeInfo node, OnnxTensorType type, int rank) {
        if (node.getInfo() instanceof TensorInfo t && t.onnxType == type && t.getShape().length == rank) {
            return t;
        }
        return null;
    }

    /**
     * The embedding output: {@code preferred} if the model has it (it must then be float rank 2),
     * else the only float rank-2 output. Exports that also return {@code last_hidden_state} (rank 3)
     * still resolve.
     */
    String embeddingOutput(String preferred) {
        Map<String, NodeInfo> outs = outputs();
        NodeInfo named = outs.get(preferred);
        if (named != null) {
            if (tensor(named, OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT, 2) == null) {
                throw new ModelException(what + " has output " + describe(named)
                        + "; expected float32 [N,D]");
            }
            return preferred;
        }
        List<String> candidates = new ArrayList<>();
        for (NodeInfo n : outs.values()) {
            if (tensor(n, OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT, 2) != null) {
                candidates.add(n.getName());
            }
        }
        if (candidates.size() != 1) {
            throw new ModelException(what + " has " + describeAll("output", outs)
                    + "; expected one float32 output [N,D] (or one named '" + preferred + "')");
        }
        return candidates.get(0);
    }

    /** The second dim of a chosen rank-2 output, or -1 if symbolic (then the probe run decides). */
    long declaredDim(String output) {
        return ((TensorInfo) outputs().get(output).getInfo()).getShape()[1];
    }

    /**
     * Runs one batch and returns output {@code output} as n×d floats (d ≤ 0: take it from the result).
     * The caller owns and closes the input tensors.
     */
    float[] run(Map<String, OnnxTensor> feed, String output, int n, long d) throws OrtException {
        try (OrtSession.Result result = session.run(feed, Set.of(output))) {
            OnnxValue v = result.get(0);
            if (!(v instanceof OnnxTensor t)) {
                throw new ModelException(what + " returned a non-tensor for '" + output + "'");
            }
            long[] shape = t.getInfo().getShape();
            if (shape.length != 2 || shape[0] != n || (d > 0 && shape[1] != d)) {
                throw new ModelException(what + " returned '" + output + "' of shape " + Arrays.toString(shape)
                        + " for a batch of " + n + "; expected [" + n + "," + (d > 0 ? d : "D") + "]");
            }
            float[] out = new float[Math.toIntExact(shape[0] * shape[1])];
            t.getFloatBuffer().get(out);
            return out;
        }
    }

    static float[] normalizeRows(float[] rows, int d) {
        new FloatMatrix(rows.length / d, d, rows).l2NormalizeRows();
        return rows;
    }

    /** e.g. {@code input 'input_ids' int64 [batch_size,sequence_length]} or {@code inputs 'a' ..., 'b' ...}. */
    static String describeAll(String kind, Map<String, NodeInfo> nodes) {
        List<String> parts = new ArrayList<>();
        for (NodeInfo n : nodes.values()) {
            parts.add(describe(n));
        }
        if (parts.isEmpty()) {
            return "no " + kind + "s";
        }
        return kind + (parts.size() == 1 ? " " : "s ") + String.join(", ", parts);
    }

    static String describe(NodeInfo node) {
        if (!(node.getInfo() instanceof TensorInfo t)) {
            return "'" + node.getName() + "' " + node.getInfo();
        }
        long[] shape = t.getShape();
        String[] names = t.getDimensionNames();
        StringBuilder sb = new StringBuilder("'").append(node.getName()).append("' ")
                .append(typeName(t.onnxType)).append(" [");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            boolean named = names != null && i < names.length && names[i] != null && !names[i].isEmpty();
            sb.append(shape[i] >= 0 ? Long.toString(shape[i]) : named ? names[i] : "?");
        }
        return sb.append(']').toString();
    }

    static String typeName(OnnxTensorType t) {
        return switch (t) {
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT -> "float32";
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE -> "float64";
            case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16 -> "float16";
            default -> t.name().replace("ONNX_TENSOR_ELEMENT_DATA_TYPE_", "").toLowerCase(java.util.Locale.ROOT);
        };
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new ModelException("cannot close " + what + ": " + e.getMessage(), e);
        }
    }
}

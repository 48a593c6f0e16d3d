package dev.fewshot.core.linalg;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Hand-encoded ONNX models with a single matrix-product node, built at run time so that no
 * {@code .onnx} file (and no {@code onnx} Python package) is needed. Public for the benchmark
 * module; not a stable API. Only the handful of protobuf
 * fields that ONNX Runtime reads for these graphs are written.
 *
 * <p>Field numbers are those of {@code onnx.proto3} (IR version 8, default-domain opset 13).
 */
public final class OnnxGraphs {

    static final long IR_VERSION = 8;
    static final long OPSET = 13;
    static final int FLOAT = 1; // TensorProto.DataType.FLOAT
    static final int INT64 = 7; // TensorProto.DataType.INT64

    private OnnxGraphs() {}

    /**
     * {@code Y = op(A) · op(B)} via the ONNX {@code Gemm} operator (alpha 1, no C). Inputs "A" and
     * "B", output "Y". Dimensions given as {@code null} are symbolic.
     *
     * @param aShape shape of input A as stored (before transA), entries may be null (symbolic)
     * @param bShape shape of input B as stored (before transB)
     * @param bInit if non-null, B is a constant initializer with these values (ORT can prepack it)
     */
    public static byte[] gemm(boolean transA, boolean transB, Long[] aShape, Long[] bShape, float[] bInit) {
        Proto node = new Proto()
                .string(1, "A").string(1, "B")
                .string(2, "Y")
                .string(3, "gemm")
                .string(4, "Gemm");
        if (transA) {
            node.message(5, intAttr("transA", 1));
        }
        if (transB) {
            node.message(5, intAttr("transB", 1));
        }
        String[] yDims = {transA ? "K" : "M", transB ? "N" : "N"};
        Long yRows = transA ? aShape[1] : aShape[0];
        Long yCols = transB ? bShape[0] : bShape[1];
        return model(node, aShape, bShape, bInit, new Long[] {yRows, yCols}, yDims);
    }

    /** {@code Y = A · B} via the ONNX {@code MatMul} operator; A is [M,K], B is [K,N]. */
    public static byte[] matMul(Long[] aShape, Long[] bShape, float[] bInit) {
        Proto node = new Proto()
                .string(1, "A").string(1, "B")
                .string(2, "Y")
                .string(3, "matmul")
                .string(4, "MatMul");
        return model(node, aShape, bShape, bInit, new Long[] {aShape[0], bShape[1]},
                new String[] {"M", "N"});
    }

    private static byte[] model(Proto node, Long[] aShape, Long[] bShape, float[] bInit,
                                Long[] yShape, String[] yNames) {
        Proto graph = new Proto().message(1, node).string(2, "fewshot_gemm");
        if (bInit != null) {
            graph.message(5, floatTensor("B", bShape, bInit));
        }
        graph.message(11, valueInfo("A", aShape, new String[] {"M", "K"}));
        if (bInit == null) {
            graph.message(11, valueInfo("B", bShape, new String[] {"KB", "NB"}));
        }
        graph.message(12, valueInfo("Y", yShape, yNames));
        Proto opset = new Proto().string(1, "").varint(2, OPSET);
        Proto model = new Proto()
                .varint(1, IR_VERSION)
                .string(2, "fewshot")
                .message(7, graph)
                .message(8, opset);
        return model.bytes();
    }

    /**
     * The per-row softmax statistics of logits Z [M, C] ({@link OrtRowSoftmax}): outputs "A" = argmax (first maximum,
     * int64 [M, 1]), "PA" = softmax(Z) at A and "R" = Σ over the other classes of softmax(Z) ([M, 1] each); with
     * {@code scale} set, "QA" = softmax(scale·Z) at A. The other classes are summed apart (the arg entry zeroed by
     * ScatterElements), so R keeps its relative precision however close PA is to 1. At the second scale (MCM's
     * softmax of cosines, never that confident) the rest is (1 − QA)/QA: about 1e-7 absolute on its log1p, without
     * a second pass over the row.
     */
    static byte[] rowSoftmax(int classes, Float scale) {
        Proto graph = new Proto().string(2, "fewshot_row_softmax");
        reductions(graph, "Z", classes, scale);
        graph.message(11, valueInfo("Z", FLOAT, new Long[] {null, (long) classes}, new String[] {"M", "C"}));
        return modelOf(graph);
    }

    /** The reductions of logits {@code z} and their outputs, A, PA, R and (with a scale) QA, as {@link #rowSoftmax}. */
    private static void reductions(Proto graph, String z, int classes, Float scale) {
        graph.message(1, node("ArgMax", new String[] {z}, new String[] {"A"}, intAttr("axis", 1),
                intAttr("keepdims", 1)));
        softmaxRest(graph, z, "P", "PA", "R");
        if (scale != null) {
            graph.message(5, scalarFloat("S", scale));
            graph.message(1, node("Mul", new String[] {z, "S"}, new String[] {"ZS"}));
            softmaxAt(graph, "ZS", "Q", "QA");
        }
        graph.message(5, ones(classes));
        graph.message(12, valueInfo("A", INT64, COLUMN, COLUMN_NAMES));
        for (String out : scale != null ? new String[] {"PA", "R", "QA"} : new String[] {"PA", "R"}) {
            graph.message(12, valueInfo(out, FLOAT, COLUMN, COLUMN_NAMES));
        }
    }

    /** The shape of a per-row output, [M, 1]. */
    private static final Long[] COLUMN = {null, 1L};
    private static final String[] COLUMN_NAMES = {"M", "one"};

    /**
     * Scoring in one graph ({@link OrtRowScoring}): Z = s·(X·W) + b (X [M, D] in; W = Wᵀ of the head [D, C] and b
     * constants; the scale and the bias each optional), then the {@link #rowSoftmax} reductions of Z, and "ZA" = Z at
     * the argmax. Z itself never leaves the graph.
     */
    static byte[] scoring(int dim, int classes, float[] wT, Float scale, float[] bias, Float mcmScale) {
        Proto graph = new Proto().string(2, "fewshot_scoring");
        graph.message(5, floatTensor("W", new Long[] {(long) dim, (long) classes}, wT));
        graph.message(1, node("MatMul", new String[] {"X", "W"}, new String[] {"XW"}));
        String z = "XW";
        if (scale != null) {
            graph.message(5, scalarFloat("LS", scale));
            graph.message(1, node("Mul", new String[] {z, "LS"}, new String[] {"XWS"}));
            z = "XWS";
        }
        if (bias != null) {
            graph.message(5, floatTensor("B", new Long[] {(long) classes}, bias));
            graph.message(1, node("Add", new String[] {z, "B"}, new String[] {"Z"}));
            z = "Z";
        }
        reductions(graph, z, classes, mcmScale);
        graph.message(1, node("GatherElements", new String[] {z, "A"}, new String[] {"ZA"}, intAttr("axis", 1)));
        graph.message(11, valueInfo("X", FLOAT, new Long[] {null, (long) dim}, new String[] {"M", "D"}));
        graph.message(12, valueInfo("ZA", FLOAT, COLUMN, COLUMN_NAMES));
        return modelOf(graph);
    }

    private static void softmaxAt(Proto graph, String z, String p, String pa) {
        graph.message(1, node("Softmax", new String[] {z}, new String[] {p}, intAttr("axis", 1)));
        graph.message(1, node("GatherElements", new String[] {p, "A"}, new String[] {pa}, intAttr("axis", 1)));
    }

    private static void softmaxRest(Proto graph, String z, String p, String pa, String rest) {
        softmaxAt(graph, z, p, pa);
        graph.message(1, node("Sub", new String[] {pa, pa}, new String[] {pa + "_zero"}));
        graph.message(1, node("ScatterElements", new String[] {p, "A", pa + "_zero"}, new String[] {p + "_rest"},
                intAttr("axis", 1)));
        // A product with a column of ones, not ReduceSum: ReduceSum's sum order follows each row's memory alignment,
        // so a row's sum would change with its place in the block; MLAS's kernel sums every row the same way.
        graph.message(1, node("MatMul", new String[] {p + "_rest", "ONES"}, new String[] {rest}));
    }

    private static Proto node(String op, String[] inputs, String[] outputs, Proto... attributes) {
        Proto n = new Proto();
        for (String in : inputs) {
            n.string(1, in);
        }
        for (String out : outputs) {
            n.string(2, out);
        }
        n.string(3, op + "_" + outputs[0]).string(4, op);
        for (Proto a : attributes) {
            n.message(5, a);
        }
        return n;
    }

    private static byte[] modelOf(Proto graph) {
        Proto opset = new Proto().string(1, "").varint(2, OPSET);
        return new Proto().varint(1, IR_VERSION).string(2, "fewshot").message(7, graph).message(8, opset).bytes();
    }

    /** "ONES", a [C, 1] column of ones: the row sums as one product. */
    private static Proto ones(int classes) {
        float[] one = new float[classes];
        java.util.Arrays.fill(one, 1f);
        return floatTensor("ONES", new Long[] {(long) classes, 1L}, one);
    }

    private static Proto scalarFloat(String name, float value) {
        Proto t = new Proto().varint(2, FLOAT).string(8, name);
        return t.bytes(9, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value).array());
    }

    private static Proto intAttr(String name, long value) {
        return new Proto().string(1, name).varint(3, value).varint(20, 2); // type INT
    }

    private static Proto valueInfo(String name, Long[] shape, String[] symbols) {
        return valueInfo(name, FLOAT, shape, symbols);
    }

    private static Proto valueInfo(String name, int elemType, Long[] shape, String[] symbols) {
        Proto shapeProto = new Proto();
        for (int i = 0; i < shape.length; i++) {
            Proto dim = new Proto();
            if (shape[i] != null) {
                dim.varint(1, shape[i]);
            } else {
                dim.string(2, symbols[i]);
            }
            shapeProto.message(1, dim);
        }
        Proto tensorType = new Proto().varint(1, elemType).message(2, shapeProto);
        Proto type = new Proto().message(1, tensorType);
        return new Proto().string(1, name).message(2, type);
    }

    static Proto floatTensor(String name, Long[] shape, float[] values) {
        Proto t = new Proto();
        for (Long d : shape) {
            t.varint(1, d);
        }
        t.varint(2, FLOAT).string(8, name);
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        t.bytes(9, raw.array());
        return t;
    }

    /** A minimal protobuf message writer: varints, length-delimited strings/bytes/messages. */
    static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Proto varint(int field, long value) {
            tag(field, 0);
            writeVarint(value);
            return this;
        }

        Proto string(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Proto bytes(int field, byte[] value) {
            tag(field, 2);
            writeVarint(value.length);
            out.write(value, 0, value.length);
            return this;
        }

        Proto message(int field, Proto value) {
            return bytes(field, value.bytes());
        }

        byte[] bytes() {
            return out.toByteArray();
        }

        private void tag(int field, int wireType) {
            writeVarint(((long) field << 3) | wireType);
        }

        private void writeVarint(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }
    }
}

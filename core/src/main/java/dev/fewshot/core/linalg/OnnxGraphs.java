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

    private static Proto intAttr(String name, long value) {
        return new Proto().string(1, name).varint(3, value).varint(20, 2); // type INT
    }

    private static Proto valueInfo(String name, Long[] shape, String[] symbols) {
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
        Proto tensorType = new Proto().varint(1, FLOAT).message(2, shapeProto);
        Proto type = new Proto().message(1, tensorType);
        return new Proto().string(1, name).message(2, type);
    }

    private static Proto floatTensor(String name, Long[] shape, float[] values) {
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

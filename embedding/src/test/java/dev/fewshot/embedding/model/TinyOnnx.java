package dev.fewshot.embedding.model;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Hand-encoded ONNX models (protobuf written field by field) for signature tests, so that no
 * Python or onnx package is needed. Field numbers are from onnx.proto (ModelProto, GraphProto,
 * NodeProto, ValueInfoProto, TypeProto, TensorShapeProto, AttributeProto).
 */
final class TinyOnnx {
    static final int FLOAT = 1;
    static final int INT64 = 7;

    private TinyOnnx() {
    }

    /** Minimal protobuf writer: varint and length-delimited fields only. */
    static final class Pb {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Pb varint(int field, long v) {
            raw((long) field << 3);
            raw(v);
            return this;
        }

        Pb bytes(int field, byte[] b) {
            raw(((long) field << 3) | 2);
            raw(b.length);
            out.writeBytes(b);
            return this;
        }

        Pb str(int field, String s) {
            return bytes(field, s.getBytes(StandardCharsets.UTF_8));
        }

        Pb msg(int field, Pb m) {
            return bytes(field, m.toBytes());
        }

        byte[] toBytes() {
            return out.toByteArray();
        }

        private void raw(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }
    }

    /** ModelProto with IR version 8 and default-domain opset 17 around one graph. */
    static byte[] model(Pb graph) {
        return new Pb()
                .varint(1, 8)
                .str(2, "fewshot-test")
                .msg(7, graph)
                .msg(8, new Pb().str(1, "").varint(2, 17))
                .toBytes();
    }

    /** Graph with one node from one input to one output. */
    static Pb graph(Pb node, Pb input, Pb output) {
        return graph(new Pb[]{node}, new Pb[]{input}, output);
    }

    static Pb graph(Pb[] nodes, Pb[] inputs, Pb output) {
        Pb g = new Pb();
        for (Pb n : nodes) {
            g.msg(1, n);
        }
        g.str(2, "g");
        for (Pb in : inputs) {
            g.msg(11, in);
        }
        return g.msg(12, output);
    }

    static Pb node(String op, String in, String out, Pb... attributes) {
        return node(op, new String[]{in}, out, attributes);
    }

    static Pb node(String op, String[] ins, String out, Pb... attributes) {
        Pb n = new Pb();
        for (String in : ins) {
            n.str(1, in);
        }
        n.str(2, out).str(3, op + "_" + out).str(4, op);
        for (Pb a : attributes) {
            n.msg(5, a);
        }
        return n;
    }

    /** AttributeProto of type INTS (7). */
    static Pb ints(String name, long... values) {
        Pb a = new Pb().str(1, name);
        for (long v : values) {
            a.varint(8, v);
        }
        return a.varint(20, 7);
    }

    /** AttributeProto of type INT (2). */
    static Pb integer(String name, long value) {
        return new Pb().str(1, name).varint(3, value).varint(20, 2);
    }

    /** ValueInfoProto; each dim is a Number (fixed) or a String (symbolic). */
    static Pb value(String name, int elemType, Object... dims) {
        Pb shape = new Pb();
        for (Object d : dims) {
            shape.msg(1, d instanceof String s ? new Pb().str(2, s) : new Pb().varint(1, ((Number) d).longValue()));
        }
        Pb tensorType = new Pb().varint(1, elemType).msg(2, shape);
        return new Pb().str(1, name).msg(2, new Pb().msg(1, tensorType));
    }

    /** pixels [N,3,224,224] → GlobalAveragePool → [N,3,1,1]: a valid image input, but no rank-2 output. */
    static byte[] globalPool() {
        return model(graph(node("GlobalAveragePool", "x", "y"),
                value("x", FLOAT, "N", 3, 224, 224), value("y", FLOAT, "N", 3, 1, 1)));
    }

    /**
     * img [batch,3,224,224] → ReduceMean over H,W → feat [batch,d] with d declared symbolic: an
     * "encoder" with D = 3 and unusual names, whose width only the probe run can find.
     */
    static byte[] channelMeans() {
        return model(graph(node("ReduceMean", "img", "feat", ints("axes", 2, 3), integer("keepdims", 0)),
                value("img", FLOAT, "batch", 3, 224, 224), value("feat", FLOAT, "batch", "d")));
    }

    /**
     * ids [N,L] and attention_mask [N,L] (int64) → Cast(ids × mask) → float [N,L]: a "text encoder"
     * whose output shows the mask it was fed (D = L, found by the probe).
     */
    static byte[] maskedIds() {
        return model(graph(
                new Pb[]{node("Mul", new String[]{"ids", "attention_mask"}, "masked"),
                        node("Cast", "masked", "out", integer("to", FLOAT))},
                new Pb[]{value("ids", INT64, "N", "L"), value("attention_mask", INT64, "N", "L")},
                value("out", FLOAT, "N", "L")));
    }
}

package dev.fewshot.core.provenance;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** Library versions for provenance and the report, read from the jars on the class path (never guessed). */
public final class Versions {
    private Versions() {
    }

    /** fewshot, Java, ONNX Runtime, and Quarkus when it is on the class path: what a stored head or result records. */
    public static Map<String, String> runtime() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("fewshot", orElse(maven("dev.fewshot", "fewshot-core", null), "development build"));
        v.put("Java", System.getProperty("java.runtime.version", System.getProperty("java.version")) + " ("
                + System.getProperty("java.vendor", "?") + ")");
        String quarkus = maven("io.quarkus", "quarkus-core", null);
        if (quarkus != null) {
            v.put("Quarkus", quarkus);
        }
        v.put("ONNX Runtime", orElse(maven("com.microsoft.onnxruntime", "onnxruntime", "ai.onnxruntime.OrtEnvironment"),
                "unknown"));
        return v;
    }

    /** The version in META-INF/maven/G/A/pom.properties, else the Implementation-Version of the anchor class's package. */
    public static String maven(String group, String artifact, String anchorClass) {
        String res = "META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        for (ClassLoader cl : new ClassLoader[]{Thread.currentThread().getContextClassLoader(),
                Versions.class.getClassLoader()}) {
            if (cl == null) {
                continue;
            }
            try (InputStream in = cl.getResourceAsStream(res)) {
                if (in != null) {
                    Properties p = new Properties();
                    p.load(in);
                    if (p.getProperty("version") != null) {
                        return p.getProperty("version");
                    }
                }
            } catch (Exception ignored) {
                // fall through to the manifest
            }
        }
        if (anchorClass != null) {
            try {
                Package pkg = Class.forName(anchorClass, false, Versions.class.getClassLoader()).getPackage();
                return pkg == null ? null : pkg.getImplementationVersion();
            } catch (ClassNotFoundException e) {
                return null;
            }
        }
        return null;
    }

    public static String orElse(String v, String other) {
        return v == null ? other : v;
    }
}

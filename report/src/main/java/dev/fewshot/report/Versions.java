package dev.fewshot.report;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/** Library versions for the report's settings block, read from the jars on the class path (never guessed). */
public final class Versions {
    private Versions() {
    }

    /** Java, ONNX Runtime, JFreeChart, and Quarkus when it is on the class path. */
    public static Map<String, String> runtime() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("Java", System.getProperty("java.runtime.version", System.getProperty("java.version")) + " ("
                + System.getProperty("java.vendor", "?") + ")");
        String quarkus = maven("io.quarkus", "quarkus-core", null);
        if (quarkus != null) {
            v.put("Quarkus", quarkus);
        }
        v.put("ONNX Runtime", orElse(maven("com.microsoft.onnxruntime", "onnxruntime", "ai.onnxruntime.OrtEnvironment"),
                "unknown"));
        v.put("JFreeChart", orElse(maven("org.jfree", "jfreechart", "org.jfree.chart.JFreeChart"), "unknown"));
        return v;
    }

    /** The version in META-INF/maven/G/A/pom.properties, else the Implementation-Version of the anchor class's package. */
    static String maven(String group, String artifact, String anchorClass) {
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

    private static String orElse(String v, String other) {
        return v == null ? other : v;
    }
}

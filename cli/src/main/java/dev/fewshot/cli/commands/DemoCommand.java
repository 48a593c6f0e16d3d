package dev.fewshot.cli.commands;

import dev.fewshot.cli.Main;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code fewshot demo}: generates a CLIP-like dataset and sweeps it, so a new user sees the whole
 * study (every head, K = 0..16, three seeds) in a few minutes with nothing but a JDK.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Generate a CLIP-like dataset and run the full sweep on it.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--dir", defaultValue = "demo-data", description = "where the dataset and results go (default: ${DEFAULT-VALUE})")
    Path dir;
    @Option(names = "--classes", defaultValue = "200", description = "ID classes (default: ${DEFAULT-VALUE})")
    int classes;

    @Override
    public Integer call() {
        int rc = Main.run("generate", "--out", dir.toString(), "--classes", Integer.toString(classes));
        if (rc != 0) {
            return rc;
        }
        String d = dir.toString();
        rc = Main.run("sweep", "--train-x", d + "/train_x.npy", "--train-y", d + "/train_y.npy",
                "--test-x", d + "/test_x.npy", "--test-y", d + "/test_y.npy", "--ood-x", d + "/ood_x.npy",
                "--text-x", d + "/text_x.npy", "--out", d + "/results.jsonl");
        if (rc == 0) {
            System.out.println("All rows (every OOD score, every seed): " + d + "/results.jsonl");
        }
        return rc;
    }
}

package dev.fewshot.cli.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/** Where the repository and the local deployment's state live (the launcher sets fewshot.home). */
public final class Home {
    private Home() {
    }

    public static Path root() {
        return Path.of(System.getProperty("fewshot.home", ".")).toAbsolutePath().normalize();
    }

    public static Path defaultStateDir() {
        return root().resolve(".fewshot/local");
    }

    /** The running deployment's state file, if one is up. */
    public static Optional<Properties> state(Path stateDir) {
        Path f = LocalDeployment.stateFile(stateDir);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(f)) {
            p.load(in);
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(p);
    }
}

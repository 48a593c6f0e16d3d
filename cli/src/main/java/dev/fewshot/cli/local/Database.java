package dev.fewshot.cli.local;

import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * PostgreSQL connection options shared by the commands that read results: explicit options win, else the local
 * deployment's state file (jdbc.url, jdbc.user, jdbc.password), else FEWSHOT_JDBC_URL/USER/PASSWORD.
 */
public final class Database {
    @Option(names = "--jdbc-url", description = "PostgreSQL JDBC URL (default: the local deployment's)")
    String url;
    @Option(names = "--user", description = "database user")
    String user;
    @Option(names = "--password", description = "database password")
    String password;
    @Option(names = "--state-dir", description = "local deployment state (default: .fewshot/local)")
    Path stateDir;

    /** The resolved connection settings. */
    public record Settings(String url, String user, String password) {
    }

    public Settings resolve() {
        Properties state = Home.state(stateDir == null ? Home.defaultStateDir() : stateDir).orElse(new Properties());
        String u = url != null ? url : state.getProperty("jdbc.url", System.getenv("FEWSHOT_JDBC_URL"));
        if (u == null) {
            throw new IllegalArgumentException("no database: start the local deployment with `./fewshot up` or pass"
                    + " --jdbc-url/--user/--password");
        }
        String us = user != null ? user : state.getProperty("jdbc.user", System.getenv("FEWSHOT_JDBC_USER"));
        String pw = password != null ? password
                : state.getProperty("jdbc.password", System.getenv("FEWSHOT_JDBC_PASSWORD"));
        return new Settings(u, us, pw);
    }
}

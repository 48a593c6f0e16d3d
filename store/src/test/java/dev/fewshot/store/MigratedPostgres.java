package dev.fewshot.store;

import dev.fewshot.stack.LocalPostgres;
import org.flywaydb.core.Flyway;

/** An embedded PostgreSQL on 127.0.0.1 with the schema migrated by Flyway, as the services do it. */
final class MigratedPostgres {
    private MigratedPostgres() {
    }

    static LocalPostgres start() {
        LocalPostgres pg = LocalPostgres.start(null);
        Flyway.configure().dataSource(pg.jdbcUrl(), pg.user(), pg.password()).locations("classpath:db/migration")
                .load().migrate();
        return pg;
    }
}

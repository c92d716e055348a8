package io.crmsync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.api.ObjectSchema;
import io.crmsync.engine.run.RunReport;
import io.crmsync.engine.state.StateStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The state store on a real PostgreSQL (embedded): migrations, links, checkpoints, runs and audit. */
class PostgresStateStoreTest {
    @Test
    void postgresState_initialThenIncremental_sameOutcomeAsH2() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.start()) {
            String url = pg.getJdbcUrl("postgres", "postgres");
            ObjectSchema schema = ObjectSchema.of("contacts", SyncFixture.contactProperties());
            try (SyncFixture f = new SyncFixture(StateStore.open(url, "postgres", null), schema, schema, s -> s)) {
                String a1 = f.putA(Map.of("email", "ann@example.com", "firstname", "Ann"));
                f.putB(Map.of("email", "ANN@example.com", "lastname", "Lee"));
                f.putB(Map.of("email", "bob@example.com", "firstname", "Bob"));
                RunReport first = f.run();
                assertThat(first.counts().matched()).isEqualTo(1);
                assertThat(first.counts().createdA()).isEqualTo(1);
                f.a.edit("contacts", a1, "firstname", "Anne");
                RunReport second = f.run();
                assertThat(second.counts().updatedB()).isEqualTo(1);
                assertThat(f.findB("lastname", "Lee").get("firstname")).isEqualTo("Anne");
                assertThat(f.run().counts().writes()).isZero();
                long os = f.store.objectSyncId("a-b", "contacts", "contacts", "contacts");
                assertThat(f.store.runs().auditCount(os)).isEqualTo(first.counts().writes() + 1);
            }
            // Reopening migrates nothing twice and keeps the links.
            try (StateStore again = StateStore.open(url, "postgres", null)) {
                long os = again.objectSyncId("a-b", "contacts", "contacts", "contacts");
                assertThat(again.runs().stateCounts(os).get("SYNCING")).containsEntry("", 2);
            }
        }
    }
}

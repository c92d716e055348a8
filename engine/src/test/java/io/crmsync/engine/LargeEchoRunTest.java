package io.crmsync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.engine.run.RunReport;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run after a large initial sync reads back every record crmsync wrote (more than the store's lookup threshold,
 * so links are read in one pass, by digest): echoes cost no write, and a real change among them still syncs.
 */
class LargeEchoRunTest {
    @TempDir
    Path dir;

    @Test
    void afterLargeInitialSync_echoesIgnored_realChangeAmongThemSynced() {
        try (SyncFixture f = new SyncFixture(dir, SyncFixture.contactProperties(), s -> s)) {
            String first = null;
            for (int i = 0; i < 10_500; i++) {
                String id = f.putA(Map.of("email", "a" + i + "@example.com", "firstname", "A" + i));
                first = first == null ? id : first;
                f.putB(Map.of("email", "b" + i + "@example.com", "lastname", "B" + i));
            }
            RunReport initial = f.run();
            assertThat(initial.counts().createdA()).isEqualTo(10_500);
            assertThat(initial.counts().createdB()).isEqualTo(10_500);
            f.a.edit("contacts", first, "firstname", "Changed");
            RunReport second = f.run();
            assertThat(second.counts().read()).isGreaterThanOrEqualTo(21_000);
            assertThat(second.counts().writes()).isEqualTo(1);
            assertThat(f.findB("email", "a0@example.com").get("firstname")).isEqualTo("Changed");
            assertThat(f.run().counts().writes()).isZero();
        }
    }
}

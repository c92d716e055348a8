package io.crmsync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmokeTest {
    @TempDir
    Path dir;

    @Test
    void initialSync_thenEdit_thenNoop() {
        try (SyncFixture f = new SyncFixture(dir, SyncFixture.contactProperties(), s -> s)) {
            f.a.put("contacts", Map.of("email", "Jo@X.com", "firstname", "Jo"));
            f.b.put("contacts", Map.of("email", "jo@x.com ", "lastname", "Smith"));
            f.a.put("contacts", Map.of("email", "only@a.com", "firstname", "A"));
            var r = f.run();
            System.out.println(r.counts());
            assertThat(f.recordsB()).hasSize(2);
            var r2 = f.run();
            System.out.println(r2.counts());
            assertThat(r2.counts().writes()).isZero();
        }
    }
}

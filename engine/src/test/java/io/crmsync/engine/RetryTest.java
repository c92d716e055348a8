package io.crmsync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.api.FailureCategory;
import io.crmsync.engine.run.RunReport;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Transient failures are retried with backoff within a run, then carried over to later runs (DESIGN.md §2.4). */
class RetryTest {
    @TempDir
    Path dir;

    @Test
    void rateLimitedTwice_retriedWithinRun_allSynced() {
        try (SyncFixture f = new SyncFixture(dir, SyncFixture.contactProperties(), s -> s)) {
            for (int i = 0; i < 50; i++) {
                f.putA(Map.of("email", "c" + i + "@example.com", "firstname", "N" + i));
            }
            f.b.failNextWrites(2, FailureCategory.RATE_LIMITED);
            RunReport r = f.run();
            assertThat(r.counts().createdB()).isEqualTo(50);
            assertThat(r.counts().failed()).isZero();
            assertThat(f.recordsB()).hasSize(50);
            assertThat(f.b.writeCalls()).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void remoteErrorBeyondAttempts_failedTransient_retriedByNextRunWithoutAnyChange() {
        try (SyncFixture f = new SyncFixture(dir, SyncFixture.contactProperties(), s -> s)) {
            f.putA(Map.of("email", "a@example.com", "firstname", "A"));
            f.b.failNextWrites(f.options.maxAttempts(), FailureCategory.REMOTE_ERROR);
            RunReport first = f.run();
            assertThat(first.failed()).containsEntry("REMOTE_ERROR", 1);
            assertThat(f.recordsB()).isEmpty();
            RunReport second = f.run();
            assertThat(second.counts().createdB()).isEqualTo(1);
            assertThat(f.recordsB()).hasSize(1);
            assertThat(f.run().counts().writes()).isZero();
            assertThat(f.recordsB()).hasSize(1);
        }
    }

    @Test
    void permanentFailure_notRetriedUntilRecordChanges() {
        try (SyncFixture f = new SyncFixture(dir, SyncFixture.contactProperties(), s -> s)) {
            String a = f.putA(Map.of("email", "a@example.com", "seats", "x12"));
            f.putB(Map.of("email", "a@example.com"));
            RunReport first = f.run();
            assertThat(first.failed()).containsKey("INVALID_VALUE");
            f.b.resetCounters();
            f.run();
            assertThat(f.b.writeCalls()).isZero();
            f.a.edit("contacts", a, "seats", "12");
            f.run();
            assertThat(f.findB("email", "a@example.com").get("seats")).isEqualTo("12");
        }
    }
}

package io.crmsync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.api.FailureCategory;
import io.crmsync.engine.run.RunReport;
import java.nio.file.Path;
import io.crmsync.engine.state.RecordRow;
import java.util.List;
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

    @Test
    void dailyQuotaUsedUp_oneCallThenPaused_allFailedRateLimitedWithRetryScheduled_nextRunSyncsAll() {
        try (SyncFixture f = new SyncFixture(dir, SyncFixture.contactProperties(), s -> s)) {
            f.b.setMaxBatchSize(10);
            for (int i = 0; i < 50; i++) {
                f.putA(Map.of("email", "c" + i + "@example.com", "firstname", "N" + i));
            }
            // A wait far longer than backoffMaxMs: the quota is gone until tomorrow.
            f.b.failNextWrites(1_000, FailureCategory.RATE_LIMITED, 3_600_000L);
            RunReport first = f.run();
            assertThat(f.b.writeCalls()).as("no hammering after the first refusal").isEqualTo(1);
            assertThat(first.failed()).isEqualTo(Map.of("RATE_LIMITED", 50));
            long osId = f.store.objectSyncId("a-b", "contacts", "contacts", "contacts");
            List<RecordRow> failed = f.store.runs().records(osId, "FAILED", null, null, 100);
            assertThat(failed).hasSize(50).allSatisfy(row -> {
                assertThat(row.reason()).isEqualTo("RATE_LIMITED");
                assertThat(row.message()).startsWith("[retry scheduled after ").contains("attempt 1]");
                assertThat(row.attempts()).isEqualTo(1);
            });

            f.b.failNextWrites(0, FailureCategory.RATE_LIMITED);
            RunReport second = f.run();
            assertThat(second.counts().createdB()).isEqualTo(50);
            assertThat(second.counts().failed()).isZero();
            assertThat(f.recordsB()).hasSize(50);
            assertThat(f.store.runs().records(osId, "FAILED", null, null, 100)).isEmpty();
        }
    }

    @Test
    void rateLimitedAgainAndAgain_neverDropsOutOfRetry_attemptsCountUp() {
        try (SyncFixture f = new SyncFixture(dir, SyncFixture.contactProperties(), s -> s)) {
            f.putA(Map.of("email", "a@example.com", "firstname", "A"));
            long osId = -1;
            for (int run = 1; run <= 3; run++) {
                f.b.failNextWrites(1_000, FailureCategory.RATE_LIMITED, 3_600_000L);
                assertThat(f.run().failed()).containsEntry("RATE_LIMITED", 1);
                osId = f.store.objectSyncId("a-b", "contacts", "contacts", "contacts");
                RecordRow row = f.store.runs().records(osId, "FAILED", null, null, 10).get(0);
                assertThat(row.attempts()).isEqualTo(run);
                assertThat(row.message()).contains("attempt " + run + "]");
            }
            f.b.failNextWrites(0, FailureCategory.RATE_LIMITED);
            assertThat(f.run().counts().createdB()).isEqualTo(1);
        }
    }
}

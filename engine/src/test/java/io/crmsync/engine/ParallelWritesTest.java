package io.crmsync.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmsync.api.PropertyDef;
import io.crmsync.api.PropertyType;
import io.crmsync.api.WriteOperation;
import io.crmsync.engine.run.RunReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Within a chunk both apps are written at the same time, and a chunk is committed only once both are done. */
class ParallelWritesTest {
    private static final List<PropertyDef> PROPS = List.of(PropertyDef.of("email", PropertyType.STRING),
            PropertyDef.of("firstname", PropertyType.STRING));

    @TempDir
    Path dir;

    @Test
    void initialSync_createsInBothApps_eachAppWrittenWhileTheOtherIs() {
        try (SyncFixture f = new SyncFixture(dir, PROPS, s -> s)) {
            f.putA(Map.of("email", "ann@example.com", "firstname", "Ann"));
            f.putB(Map.of("email", "bob@example.com", "firstname", "Bob"));
            // Each app's write waits until the other app's write has begun: written one after the other, the first
            // would give up waiting and fail the run.
            CountDownLatch bothWriting = new CountDownLatch(2);
            Consumer<List<WriteOperation>> meet = ops -> {
                bothWriting.countDown();
                try {
                    if (!bothWriting.await(20, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the other app was not written meanwhile");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            };
            f.a.setWriteHook(meet);
            f.b.setWriteHook(meet);

            RunReport r = f.run();

            assertThat(r.counts().createdA()).isEqualTo(1);
            assertThat(r.counts().createdB()).isEqualTo(1);
            assertThat(r.counts().failed()).isZero();
            assertThat(f.findA("email", "bob@example.com").get("firstname")).isEqualTo("Bob");
            assertThat(f.findB("email", "ann@example.com").get("firstname")).isEqualTo("Ann");
        }
    }

    @Test
    void writeToOneAppThrows_runFailsOnlyAfterTheOtherAppsWriteEnded_nextRunCreatesNoDuplicate() {
        try (SyncFixture f = new SyncFixture(dir, PROPS, s -> s)) {
            f.putA(Map.of("email", "ann@example.com", "firstname", "Ann"));
            f.putB(Map.of("email", "bob@example.com", "firstname", "Bob"));
            CountDownLatch aStarted = new CountDownLatch(1);
            CountDownLatch bFailing = new CountDownLatch(1);
            AtomicBoolean aEnded = new AtomicBoolean();
            // a's write ends only after b's has failed: the run must still wait for it before it gives up.
            f.a.setWriteHook(ops -> {
                aStarted.countDown();
                await(bFailing);
                aEnded.set(true);
            });
            f.b.setWriteHook(ops -> {
                await(aStarted);
                bFailing.countDown();
                throw new IllegalStateException("crash after b stored the write");
            });

            assertThatThrownBy(f::run).hasMessageContaining("crash after b stored the write");
            assertThat(aEnded).isTrue();

            f.a.setWriteHook(null);
            f.b.setWriteHook(null);
            f.run();
            assertThat(f.recordsA()).hasSize(2);
            assertThat(f.recordsB()).hasSize(2);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the other app's write did not begin");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

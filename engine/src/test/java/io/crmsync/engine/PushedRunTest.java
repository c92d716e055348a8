package io.crmsync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.api.Checkpoint;
import io.crmsync.engine.model.Side;
import io.crmsync.engine.run.ObjectSyncRunner;
import io.crmsync.engine.run.RunReport;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs triggered by pushes ({@link ObjectSyncRunner#runPushed}): by id, checkpoints untouched, echoes dropped. */
class PushedRunTest {
    @TempDir
    Path dir;

    private static RunReport pushed(SyncFixture f, Side side, String id) {
        return new ObjectSyncRunner(f.settings, f.a, f.b, f.store, f.options, null).runPushed(Map.of(side, Set.of(id)));
    }

    private static Map<Side, Optional<Checkpoint>> checkpoints(SyncFixture f) {
        long os = f.store.objectSyncId(f.settings.sync(), f.settings.object(), "contacts", "contacts");
        return Map.of(Side.A, f.store.checkpoint(os, Side.A), Side.B, f.store.checkpoint(os, Side.B));
    }

    @Test
    void pushedId_isReadAndWritten_checkpointsStay_andItsEchoCostsNoWrite() {
        try (SyncFixture f = new SyncFixture(dir, SyncFixture.contactProperties(), s -> s)) {
            String a1 = f.putA(Map.of("email", "ada@example.com", "firstname", "Ada"));
            f.putA(Map.of("email", "bob@example.com", "firstname", "Bob"));
            f.run();
            Map<Side, Optional<Checkpoint>> before = checkpoints(f);
            String bob = f.findA("email", "bob@example.com").id();
            f.a.edit("contacts", a1, "firstname", "Adele");
            f.a.edit("contacts", bob, "firstname", "Robert");

            RunReport r = pushed(f, Side.A, a1);

            assertThat(r.counts().updatedB()).isEqualTo(1);
            assertThat(f.findB("email", "ada@example.com").get("firstname")).isEqualTo("Adele");
            assertThat(f.findB("email", "bob@example.com").get("firstname")).as("not pushed: not read")
                    .isEqualTo("Bob");
            assertThat(checkpoints(f)).as("the feed was not read").isEqualTo(before);
            String b1 = f.findB("email", "ada@example.com").id();
            assertThat(pushed(f, Side.B, b1).counts().writes()).as("the echo of the write to B").isZero();
            RunReport feed = f.run();
            assertThat(feed.counts().writes()).as("the feed run: only Bob's change is left").isEqualTo(1);
            assertThat(f.findB("email", "bob@example.com").get("firstname")).isEqualTo("Robert");
        }
    }

    @Test
    void pushedIds_areCountedAsRead_withThePartnersReadForThem() {
        try (SyncFixture f = new SyncFixture(dir, SyncFixture.contactProperties(), s -> s)) {
            String ada = f.putA(Map.of("email", "ada@example.com", "firstname", "Ada"));
            String bob = f.putA(Map.of("email", "bob@example.com", "firstname", "Bob"));
            f.run();
            f.a.edit("contacts", ada, "firstname", "Adele");
            f.a.edit("contacts", bob, "firstname", "Robert");

            RunReport r = new ObjectSyncRunner(f.settings, f.a, f.b, f.store, f.options, null)
                    .runPushed(Map.of(Side.A, Set.of(ada, bob)));

            assertThat(r.counts().updatedB()).isEqualTo(2);
            assertThat(r.counts().read()).as("the 2 pushed records in A and their 2 partners in B").isEqualTo(4);
        }
    }

    @Test
    void pushedIdNotFound_marksTheLinkRecordDeleted() {
        try (SyncFixture f = new SyncFixture(dir, SyncFixture.contactProperties(), s -> s)) {
            String a1 = f.putA(Map.of("email", "ada@example.com", "firstname", "Ada"));
            f.run();
            f.a.remove("contacts", a1);

            RunReport r = pushed(f, Side.A, a1);

            long os = f.store.objectSyncId(f.settings.sync(), f.settings.object(), "contacts", "contacts");
            assertThat(f.store.runs().stateCounts(os)).isEqualTo(Map.of("FAILED", Map.of("RECORD_DELETED", 1)));
            assertThat(r.counts().writes()).isZero();
            assertThat(f.recordsB()).as("deletes: keep").hasSize(1);
        }
    }

    @Test
    void beforeTheFirstRun_aPushedRunIsTheInitialSync() {
        try (SyncFixture f = new SyncFixture(dir, SyncFixture.contactProperties(), s -> s)) {
            String a1 = f.putA(Map.of("email", "ada@example.com", "firstname", "Ada"));
            f.putA(Map.of("email", "bob@example.com", "firstname", "Bob"));

            RunReport r = pushed(f, Side.A, a1);

            assertThat(r.initial()).isTrue();
            assertThat(f.recordsB()).hasSize(2);
            assertThat(checkpoints(f).values()).allMatch(Optional::isPresent);
        }
    }
}

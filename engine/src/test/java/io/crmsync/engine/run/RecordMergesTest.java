package io.crmsync.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.engine.SyncFixture;
import io.crmsync.engine.model.DeletePolicy;
import io.crmsync.engine.model.Side;
import io.crmsync.engine.plan.ObjectSyncSettings;
import io.crmsync.engine.state.RecordRow;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RecordMerges#mergeRecords}, the call for a merge webhook, on a real H2 state store with in-memory apps:
 * links re-pointed, nothing created twice.
 */
class RecordMergesTest {
    @TempDir
    Path dir;

    private SyncFixture fixture() {
        return new SyncFixture(dir, SyncFixture.contactProperties(), s -> s);
    }

    private static ObjectSyncSettings propagating(ObjectSyncSettings s) {
        return new ObjectSyncSettings(s.sync(), s.object(), s.appA(), s.appB(), s.schemaA(), s.schemaB(),
                s.direction(), s.defaultApp(), s.requireKey(), s.match(), s.filterA(), s.filterB(),
                s.continuousFilter(), Map.of(Side.A, DeletePolicy.PROPAGATE, Side.B, DeletePolicy.PROPAGATE),
                s.mappings(), s.enforce(), s.codec(), s.freeMailDomains(), s.externalIds(), s.companyFromDomain(),
                s.required());
    }

    private static List<RecordRow> rows(SyncFixture f, String state) {
        long os = f.store.objectSyncId("a-b", "contacts", "contacts", "contacts");
        return f.store.runs().records(os, state, null, null, 100);
    }

    @Test
    void mergeWebhook_bothLinked_mergedLinkFailsNamingTheSurvivor_andTheNextRunCreatesNothing() {
        try (SyncFixture f = fixture()) {
            String ann = f.putA(Map.of("email", "ann@example.com", "firstname", "Ann"));
            String anne = f.putA(Map.of("email", "anne@example.com", "firstname", "Anne"));
            f.run();
            assertThat(f.recordsB()).hasSize(2);
            f.a.remove("contacts", anne);

            RecordMerges.Outcome out = RecordMerges.mergeRecords(f.store, f.settings, Side.A, List.of(anne), ann,
                    f.options);

            assertThat(out).isEqualTo(new RecordMerges.Outcome(0, 1));
            List<RecordRow> failed = rows(f, "FAILED");
            assertThat(failed).hasSize(1);
            assertThat(failed.get(0).idA()).isEqualTo(anne);
            assertThat(failed.get(0).reason()).isEqualTo("RECORD_DELETED");
            assertThat(failed.get(0).message()).isEqualTo("merged into " + ann + " in a");
            f.a.edit("contacts", ann, "firstname", "Ann M.");
            RunReport next = f.run();
            assertThat(next.counts().createdA() + next.counts().createdB()).isZero();
            assertThat(f.recordsA()).hasSize(1);
            assertThat(f.recordsB()).hasSize(2);
            assertThat(RecordMerges.mergeRecords(f.store, f.settings, Side.A, List.of(anne), ann, f.options))
                    .as("the same event again").isEqualTo(new RecordMerges.Outcome(0, 0));
        }
    }

    @Test
    void mergeWebhook_onlyMergedLinked_linkMovesToTheSurvivor_whichSyncsWithThePartner() {
        try (SyncFixture f = fixture()) {
            String anne = f.putA(Map.of("email", "anne@example.com", "firstname", "Anne"));
            f.run();
            String partner = f.findB("email", "anne@example.com").id();
            // The survivor appears and absorbs the merged record before any run saw it.
            String survivor = f.putA(Map.of("email", "anne@example.com", "firstname", "Annie"));
            f.a.remove("contacts", anne);

            RecordMerges.Outcome out = RecordMerges.mergeRecords(f.store, f.settings, Side.A, List.of(anne),
                    survivor, f.options);

            assertThat(out).isEqualTo(new RecordMerges.Outcome(1, 0));
            RunReport next = f.run();
            assertThat(next.counts().createdB()).isZero();
            assertThat(next.counts().updatedB()).isEqualTo(1);
            assertThat(f.recordsB()).hasSize(1);
            assertThat(f.recordsB().get(partner).get("firstname")).isEqualTo("Annie");
            assertThat(rows(f, "SYNCING")).extracting(RecordRow::idA, RecordRow::idB)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(survivor, partner));
            assertThat(f.run().counts().writes()).isZero();
        }
    }

    @Test
    void mergedIdPushedBeforeTheMergeEvent_keep_deletedLinkMovesToTheUnlinkedSurvivor_andSyncsAgain() {
        try (SyncFixture f = fixture()) {
            String anne = f.putA(Map.of("email", "anne@example.com", "firstname", "Anne"));
            f.run();
            String partner = f.findB("email", "anne@example.com").id();
            String survivor = f.putA(Map.of("email", "anne@example.com", "firstname", "Annie"));
            f.a.remove("contacts", anne);
            // The webhook naming the merged id is served first: read by id, not found, taken for a delete.
            new ObjectSyncRunner(f.settings, f.a, f.b, f.store, f.options, null)
                    .runPushed(Map.of(Side.A, java.util.Set.of(anne)));
            assertThat(rows(f, "FAILED")).extracting(RecordRow::reason).containsExactly("RECORD_DELETED");

            RecordMerges.Outcome out = RecordMerges.mergeRecords(f.store, f.settings, Side.A, List.of(anne),
                    survivor, f.options);

            assertThat(out).isEqualTo(new RecordMerges.Outcome(1, 0));
            assertThat(rows(f, "FAILED")).isEmpty();
            RunReport next = f.run();
            assertThat(next.counts().createdB()).isZero();
            assertThat(f.recordsB()).hasSize(1);
            assertThat(f.recordsB().get(partner).get("firstname")).isEqualTo("Annie");
            assertThat(f.run().counts().writes()).isZero();
        }
    }

    @Test
    void mergedIdPushedBeforeTheMergeEvent_propagate_partnerArchived_linkStaysDeleted() {
        try (SyncFixture f = new SyncFixture(dir, SyncFixture.contactProperties(),
                RecordMergesTest::propagating)) {
            String anne = f.putA(Map.of("email", "anne@example.com", "firstname", "Anne"));
            f.run();
            String survivor = f.putA(Map.of("email", "anne@example.com", "firstname", "Annie"));
            f.a.remove("contacts", anne);
            new ObjectSyncRunner(f.settings, f.a, f.b, f.store, f.options, null)
                    .runPushed(Map.of(Side.A, java.util.Set.of(anne)));
            assertThat(f.recordsB()).as("the delete propagated").isEmpty();

            RecordMerges.Outcome out = RecordMerges.mergeRecords(f.store, f.settings, Side.A, List.of(anne),
                    survivor, f.options);

            assertThat(out).isEqualTo(new RecordMerges.Outcome(0, 0));
            assertThat(rows(f, "FAILED")).extracting(RecordRow::idA).containsExactly(anne);
        }
    }
}

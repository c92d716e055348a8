package io.crmsync.engine.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.api.ObjectSchema;
import io.crmsync.api.Record;
import io.crmsync.engine.SyncFixture;
import io.crmsync.engine.model.Base;
import io.crmsync.engine.model.Condition;
import io.crmsync.engine.model.Direction;
import io.crmsync.engine.model.Filter;
import io.crmsync.engine.model.FilterOperator;
import io.crmsync.engine.model.Link;
import io.crmsync.engine.model.RecordState;
import io.crmsync.engine.model.Side;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The planner as a pure function: records and links in, a plan out; no connector, no store. */
class PlannerTest {
    private static final ObjectSchema SCHEMA = ObjectSchema.of("contacts", SyncFixture.contactProperties());

    private static ObjectSyncSettings settings(Direction direction, Side defaultApp) {
        return SyncFixture.contacts(SCHEMA, direction, defaultApp);
    }

    private static Record rec(String id, String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return Record.of(id, m);
    }

    private static PlanInput input(List<Record> as, List<Record> bs, List<Link> links) {
        Map<String, Record> a = new HashMap<>();
        as.forEach(r -> a.put(r.id(), r));
        Map<String, Record> b = new HashMap<>();
        bs.forEach(r -> b.put(r.id(), r));
        Map<String, Link> la = new HashMap<>();
        Map<String, Link> lb = new HashMap<>();
        for (Link l : links) {
            if (l.idA() != null) {
                la.put(l.idA(), l);
            }
            if (l.idB() != null) {
                lb.put(l.idB(), l);
            }
        }
        return new PlanInput(Map.of(Side.A, a, Side.B, b), Map.of(Side.A, la, Side.B, lb),
                Map.of(Side.A, Set.of(), Side.B, Set.of()));
    }

    private static Link linked(String idA, String idB, Map<String, String> base) {
        return new Link(1, idA, idB, new Base(base, base), RecordState.SYNCING, null, null, 0);
    }

    private static Map<String, String> base(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (String id : List.of("email=email", "firstname=firstname", "lastname=lastname", "seats=seats")) {
            m.put(id, null);
        }
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i] + "=" + kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void plan_sameInput_samePlan() {
        Planner p = new Planner(settings(Direction.TWO_WAY, Side.A));
        PlanInput in = input(List.of(rec("a1", "email", "x@example.com", "firstname", "X")),
                List.of(rec("b1", "email", "X@example.com")), List.of());
        assertThat(p.plan(in)).isEqualTo(p.plan(in));
    }

    @Test
    void initialSync_severalCandidates_excludedAmbiguousNamingThem() {
        Plan plan = new Planner(settings(Direction.TWO_WAY, Side.A)).plan(input(
                List.of(rec("a1", "email", "dup@example.com")),
                List.of(rec("b1", "email", "dup@example.com"), rec("b2", "email", " DUP@example.com")), List.of()));
        assertThat(plan.pairs()).isEmpty();
        assertThat(plan.states()).hasSize(3).allSatisfy(s -> {
            assertThat(s.reason()).isEqualTo("AMBIGUOUS_MATCH");
            assertThat(s.message()).contains("dup@example.com").contains("1 record in a (id a1)")
                    .contains("2 records in b (ids b1, b2)");
        });
    }

    @Test
    void initialSync_noCandidate_createsOnOtherSide() {
        Plan plan = new Planner(settings(Direction.TWO_WAY, Side.A)).plan(input(
                List.of(rec("a1", "email", "new@example.com", "firstname", "N")), List.of(), List.of()));
        assertThat(plan.creates(Side.B)).isEqualTo(1);
        assertThat(plan.pairs().get(0).writeB()).containsEntry("email", "new@example.com").containsEntry("firstname", "N");
    }

    @Test
    void oneWay_destinationOnlyRecord_neverCreatedInSource() {
        Plan plan = new Planner(settings(Direction.A_TO_B, Side.A)).plan(input(List.of(),
                List.of(rec("b1", "email", "only@b.example")), List.of()));
        assertThat(plan.pairs()).isEmpty();
    }

    @Test
    void filter_gatesEntry_onlyPassingRecordsCreated() {
        ObjectSyncSettings s = SyncFixture.withFilters(settings(Direction.TWO_WAY, Side.A), new Filter(List.of(
                List.of(new Condition("lastname", FilterOperator.IN, null, null, List.of("Lee", "Kim"))))), Filter.NONE);
        Plan plan = new Planner(s).plan(input(List.of(rec("a1", "email", "1@x.example", "lastname", "lee"),
                rec("a2", "email", "2@x.example", "lastname", "Other")), List.of(), List.of()));
        assertThat(plan.creates(Side.B)).isEqualTo(1);
        assertThat(plan.states()).singleElement().satisfies(st -> assertThat(st.reason()).isEqualTo("FILTER"));
    }

    @Test
    void filter_linkedRecordLeavesFilter_keepsSyncingByDefault() {
        ObjectSyncSettings s = SyncFixture.withFilters(settings(Direction.TWO_WAY, Side.A), new Filter(List.of(
                List.of(new Condition("lastname", FilterOperator.EQ, "Lee", null, null)))), Filter.NONE);
        Plan plan = new Planner(s).plan(input(List.of(rec("a1", "email", "1@x.example", "lastname", "Junk")),
                List.of(rec("b1", "email", "1@x.example", "lastname", "Lee")),
                List.of(linked("a1", "b1", base("email", "1@x.example", "lastname", "Lee")))));
        assertThat(plan.pairs()).singleElement().satisfies(p -> assertThat(p.writeB()).containsEntry("lastname", "Junk"));
    }

    @Test
    void twoWay_bothEdited_defaultAppWins() {
        Plan plan = new Planner(settings(Direction.TWO_WAY, Side.B)).plan(input(
                List.of(rec("a1", "email", "1@x.example", "firstname", "FromA")),
                List.of(rec("b1", "email", "1@x.example", "firstname", "FromB")),
                List.of(linked("a1", "b1", base("email", "1@x.example", "firstname", "Old")))));
        PairPlan p = plan.pairs().get(0);
        assertThat(p.conflicts()).isEqualTo(1);
        assertThat(p.writeA()).containsEntry("firstname", "FromB");
        assertThat(p.writeB()).isEmpty();
    }

    @Test
    void twoWay_defaultAppCleared_otherEdited_emptyNeverWins() {
        Plan plan = new Planner(settings(Direction.TWO_WAY, Side.A)).plan(input(
                List.of(rec("a1", "email", "1@x.example")),
                List.of(rec("b1", "email", "1@x.example", "firstname", "Kept")),
                List.of(linked("a1", "b1", base("email", "1@x.example", "firstname", "Old")))));
        assertThat(plan.pairs().get(0).writeA()).containsEntry("firstname", "Kept");
    }

    @Test
    void twoWay_oneSideCleared_clearPropagates() {
        Plan plan = new Planner(settings(Direction.TWO_WAY, Side.A)).plan(input(
                List.of(rec("a1", "email", "1@x.example")),
                List.of(rec("b1", "email", "1@x.example", "firstname", "Old")),
                List.of(linked("a1", "b1", base("email", "1@x.example", "firstname", "Old")))));
        assertThat(plan.pairs().get(0).writeB()).containsEntry("firstname", null);
    }

    @Test
    void twoWay_bothChangedToSameValue_noWriteBaseUpdated() {
        Plan plan = new Planner(settings(Direction.TWO_WAY, Side.A)).plan(input(
                List.of(rec("a1", "email", "1@x.example", "firstname", "Same")),
                List.of(rec("b1", "email", "1@x.example", "firstname", "Same")),
                List.of(linked("a1", "b1", base("email", "1@x.example", "firstname", "Old")))));
        PairPlan p = plan.pairs().get(0);
        assertThat(p.writeA()).isEmpty();
        assertThat(p.writeB()).isEmpty();
        assertThat(p.base().a()).containsEntry("firstname=firstname", "Same");
    }

    @Test
    void oneWay_destinationEdited_notWrittenBack_unlessEnforced() {
        Link link = linked("a1", "b1", base("email", "1@x.example", "firstname", "Src"));
        PlanInput in = input(List.of(rec("a1", "email", "1@x.example", "firstname", "Src")),
                List.of(rec("b1", "email", "1@x.example", "firstname", "Edited")), List.of(link));
        Plan plain = new Planner(settings(Direction.A_TO_B, Side.A)).plan(in);
        assertThat(plain.pairs()).allSatisfy(p -> {
            assertThat(p.writeA()).isEmpty();
            assertThat(p.writeB()).isEmpty();
        });
        ObjectSyncSettings s = settings(Direction.A_TO_B, Side.A);
        ObjectSyncSettings enforced = new ObjectSyncSettings(s.sync(), s.object(), s.appA(), s.appB(), s.schemaA(),
                s.schemaB(), s.direction(), s.defaultApp(), s.requireKey(), s.match(), s.filterA(), s.filterB(),
                s.continuousFilter(), s.deletes(), s.mappings(), true, s.codec(), s.freeMailDomains());
        Link settled = linked("a1", "b1", base("email", "1@x.example", "firstname", "Src"));
        Link acknowledged = new Link(1, "a1", "b1", new Base(settled.base().a(),
                base("email", "1@x.example", "firstname", "Edited")), RecordState.SYNCING, null, null, 0);
        Plan enforcedPlan = new Planner(enforced).plan(input(List.of(rec("a1", "email", "1@x.example", "firstname", "Src")),
                List.of(rec("b1", "email", "1@x.example", "firstname", "Edited")), List.of(acknowledged)));
        assertThat(enforcedPlan.pairs().get(0).writeB()).containsEntry("firstname", "Src");
    }

    @Test
    void linked_deletedPartner_failedRecordDeleted_notRecreated() {
        Link link = linked("a1", "b1", base("email", "1@x.example"));
        PlanInput in = new PlanInput(Map.of(Side.A, Map.of("a1", rec("a1", "email", "1@x.example", "firstname", "New")),
                Side.B, Map.of()), Map.of(Side.A, Map.of("a1", link), Side.B, Map.of("b1", link)),
                Map.of(Side.A, Set.of(), Side.B, Set.of("b1")));
        Plan plan = new Planner(settings(Direction.TWO_WAY, Side.A)).plan(in);
        assertThat(plan.pairs()).isEmpty();
        assertThat(plan.states()).singleElement().satisfies(s -> {
            assertThat(s.state()).isEqualTo(RecordState.FAILED);
            assertThat(s.reason()).isEqualTo("RECORD_DELETED");
        });
    }

    @Test
    void linked_deletedRecordRestoredWithItsOldId_backToSyncing_partnerUpdated() {
        Link tombstone = new Link(1, "a1", "b1", linked("a1", "b1", base("email", "1@x.example", "firstname", "Old"))
                .base(), RecordState.FAILED, "RECORD_DELETED", "deleted in a", 0);
        Plan plan = new Planner(settings(Direction.TWO_WAY, Side.A)).plan(input(
                List.of(rec("a1", "email", "1@x.example", "firstname", "Back")),
                List.of(rec("b1", "email", "1@x.example", "firstname", "Old")), List.of(tombstone)));
        assertThat(plan.pairs()).singleElement().satisfies(p -> {
            assertThat(p.createIn()).isNull();
            assertThat(p.writeB()).containsEntry("firstname", "Back");
        });
        assertThat(plan.creates(Side.A) + plan.creates(Side.B)).isZero();
    }

    @Test
    void linked_knownDeleted_reportedDeletedAgainOnBothSides_noPlanEntry() {
        Link tombstone = new Link(1, "a1", "b1", linked("a1", "b1", base("email", "1@x.example")).base(),
                RecordState.FAILED, "RECORD_DELETED", "deleted in a; archived in b (deletes: propagate)", 0);
        PlanInput in = new PlanInput(Map.of(Side.A, Map.of(), Side.B, Map.of()),
                Map.of(Side.A, Map.of("a1", tombstone), Side.B, Map.of("b1", tombstone)),
                Map.of(Side.A, Set.of("a1"), Side.B, Set.of("b1")));
        Plan plan = new Planner(settings(Direction.TWO_WAY, Side.A)).plan(in);
        assertThat(plan.pairs()).isEmpty();
        assertThat(plan.states()).isEmpty();
    }

    @Test
    void linked_noChange_noPlanEntry() {
        Plan plan = new Planner(settings(Direction.TWO_WAY, Side.A)).plan(input(
                List.of(rec("a1", "email", "1@x.example", "firstname", "X")),
                List.of(rec("b1", "email", "1@X.example ", "firstname", "X")),
                List.of(linked("a1", "b1", base("email", "1@x.example", "firstname", "X")))));
        assertThat(plan.pairs()).isEmpty();
    }
}

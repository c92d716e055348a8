package io.crmsync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.api.FailureCategory;
import io.crmsync.api.ObjectSchema;
import io.crmsync.api.PropertyDef;
import io.crmsync.api.PropertyOption;
import io.crmsync.api.PropertyType;
import io.crmsync.api.Record;
import io.crmsync.engine.model.Direction;
import io.crmsync.engine.model.Side;
import io.crmsync.engine.plan.ObjectSyncSettings;
import io.crmsync.engine.run.RunReport;
import io.crmsync.engine.state.RecordRow;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deals between a shop (app "a", free-text stages) and a HubSpot-like app "b" that requires dealname, dealstage and
 * pipeline on create (hubspot.md §B.1), with in-memory apps and a real H2 state store.
 */
class RequiredOnCreateTest {
    private static final String DEALS = "deals";
    private static final Set<String> REQUIRED = Set.of("dealname", "dealstage", "pipeline");

    @TempDir
    Path dir;

    private SyncFixture deals(UnaryOperator<ObjectSyncSettings> direction) {
        ObjectSchema shop = ObjectSchema.of(DEALS, List.of(PropertyDef.of("dealname", PropertyType.STRING),
                PropertyDef.of("dealstage", PropertyType.ENUMERATION), PropertyDef.of("pipeline",
                        PropertyType.ENUMERATION), PropertyDef.of("amount", PropertyType.NUMBER)));
        ObjectSchema hub = ObjectSchema.of(DEALS, List.of(PropertyDef.of("dealname", PropertyType.STRING),
                PropertyDef.of("dealstage", PropertyType.ENUMERATION).withOptions(List.of(
                        new PropertyOption("appointmentscheduled", "Appointment Scheduled"),
                        new PropertyOption("closedwon", "Closed Won"))),
                PropertyDef.of("pipeline", PropertyType.ENUMERATION).withOptions(List.of(
                        new PropertyOption("default", "Sales Pipeline"))),
                PropertyDef.of("amount", PropertyType.NUMBER)));
        return new SyncFixture(dir, shop, hub, s -> direction.apply(SyncFixture.withMatch(s, List.of(), false))
                .withRequired(Map.of(Side.B, REQUIRED)));
    }

    private static Map<String, String> deal(String name, String stage) {
        Map<String, String> m = new HashMap<>();
        m.put("dealname", name);
        m.put("dealstage", stage);
        m.put("pipeline", "Sales Pipeline");
        m.put("amount", "100");
        return m;
    }

    private static List<RecordRow> failed(SyncFixture f) {
        return f.store.runs().records(f.store.objectSyncId("a-b", DEALS, DEALS, DEALS), "FAILED", null, null, 10);
    }

    @Test
    void createInHubSpot_unknownStage_failsRequiredFieldMissingAndCreatesNothing() {
        try (SyncFixture f = deals(s -> s)) {
            String id = f.putA(deal("Big order", "No Such Stage"));
            RunReport planned = f.plan();
            assertThat(planned.failed()).containsEntry(FailureCategory.REQUIRED_FIELD_MISSING.name(), 1);
            assertThat(planned.counts().createdB()).isZero();

            RunReport r = f.run();
            assertThat(r.failed()).containsEntry(FailureCategory.REQUIRED_FIELD_MISSING.name(), 1);
            assertThat(f.recordsB()).isEmpty();
            List<RecordRow> rows = failed(f);
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0).idA()).isEqualTo(id);
            assertThat(rows.get(0).reason()).isEqualTo(FailureCategory.REQUIRED_FIELD_MISSING.name());
            assertThat(rows.get(0).message()).contains("dealstage").contains("No Such Stage");

            // Unchanged, the deal is not tried again.
            RunReport again = f.run();
            assertThat(again.counts().writes()).isZero();
            assertThat(f.recordsB()).isEmpty();
        }
    }

    @Test
    void createInHubSpot_emptyDealname_failsNamingDealname() {
        try (SyncFixture f = deals(s -> s)) {
            f.putA(deal(null, "Closed Won"));
            f.run();
            assertThat(f.recordsB()).isEmpty();
            List<RecordRow> rows = failed(f);
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0).message()).contains("dealname").doesNotContain("dealstage");
        }
    }

    @Test
    void createInHubSpot_stageFixedInShop_createdOnNextRun() {
        try (SyncFixture f = deals(s -> s)) {
            String id = f.putA(deal("Big order", "No Such Stage"));
            f.run();
            f.a.edit(DEALS, id, "dealstage", "Closed Won");
            RunReport r = f.run();
            assertThat(r.counts().createdB()).isEqualTo(1);
            assertThat(r.failed()).isEmpty();
            Record created = f.findB("dealname", "Big order");
            assertThat(created.get("dealstage")).isEqualTo("closedwon");
            assertThat(created.get("pipeline")).isEqualTo("default");
            assertThat(failed(f)).isEmpty();
        }
    }

    @Test
    void updateInHubSpot_unknownStage_fieldFailureOnlyOtherFieldsWritten() {
        try (SyncFixture f = deals(s -> s)) {
            String id = f.putA(deal("Big order", "Appointment Scheduled"));
            f.run();
            Record before = f.findB("dealname", "Big order");
            f.a.edit(DEALS, id, "dealstage", "No Such Stage");
            f.a.edit(DEALS, id, "amount", "250");
            RunReport r = f.run();
            assertThat(r.failed()).containsOnlyKeys(FailureCategory.INVALID_OPTION.name());
            Record after = f.recordsB().get(before.id());
            assertThat(f.recordsB()).hasSize(1);
            assertThat(after.get("dealstage")).isEqualTo("appointmentscheduled");
            assertThat(after.get("amount")).isEqualTo("250");
        }
    }

    @Test
    void updateInHubSpot_dealnameClearedInShop_notClearedAndReported() {
        try (SyncFixture f = deals(s -> s)) {
            String id = f.putA(deal("Big order", "Appointment Scheduled"));
            f.run();
            Record before = f.findB("dealname", "Big order");
            f.a.edit(DEALS, id, "dealname", null);
            f.a.edit(DEALS, id, "amount", "250");
            RunReport r = f.run();
            assertThat(r.failed()).containsOnlyKeys(FailureCategory.REQUIRED_FIELD_MISSING.name());
            Record after = f.recordsB().get(before.id());
            assertThat(after.get("dealname")).isEqualTo("Big order");
            assertThat(after.get("amount")).isEqualTo("250");
            assertThat(failed(f).get(0).message()).contains("dealname");
        }
    }

    @Test
    void oneWayFromHubSpot_dealWithoutStage_createdInShop() {
        try (SyncFixture f = deals(s -> SyncFixture.with(s, Direction.B_TO_A, Side.B))) {
            Map<String, String> noStage = deal("Inbound", null);
            noStage.put("pipeline", "default");
            f.putB(noStage);
            RunReport r = f.run();
            assertThat(r.failed()).isEmpty();
            assertThat(r.counts().createdA()).isEqualTo(1);
            Record created = f.findA("dealname", "Inbound");
            assertThat(created.get("dealstage")).isNull();
        }
    }
}

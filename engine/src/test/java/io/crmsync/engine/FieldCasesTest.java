package io.crmsync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.api.FailureCategory;
import io.crmsync.api.ObjectSchema;
import io.crmsync.api.PropertyDef;
import io.crmsync.api.PropertyOption;
import io.crmsync.api.PropertyType;
import io.crmsync.api.Record;
import io.crmsync.engine.model.Condition;
import io.crmsync.engine.model.Direction;
import io.crmsync.engine.model.Filter;
import io.crmsync.engine.model.FilterOperator;
import io.crmsync.engine.model.Side;
import io.crmsync.engine.plan.MatchStage;
import io.crmsync.engine.run.RunReport;
import io.crmsync.engine.value.KeyKind;
import io.crmsync.engine.value.ValueCodec;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The field cases of shared/cases/field-cases.md, run through the engine with in-memory apps and a real H2 store. */
class FieldCasesTest {
    @TempDir
    Path dir;

    static Map<String, String> props(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private SyncFixture contacts() {
        return new SyncFixture(dir, SyncFixture.contactProperties(), s -> s);
    }

    @Test
    @DisplayName("C-01 email changed in A after linking updates the linked B record, no new record")
    void linked_emailChangedInA_updatesPartnerInsteadOfCreating() {
        try (SyncFixture f = contacts()) {
            String a1 = f.putA(props("email", "pat.lee@example.com", "firstname", "Pat"));
            String b1 = f.putB(props("email", "pat.lee@example.com", "firstname", "Pat"));
            f.run();
            f.a.edit("contacts", a1, "email", "pat.lee@example.org");
            RunReport r = f.run();
            assertThat(f.recordsB()).hasSize(1);
            assertThat(f.recordsB().get(b1).get("email")).isEqualTo("pat.lee@example.org");
            assertThat(r.counts().createdB()).isZero();
        }
    }

    @Test
    @DisplayName("C-01 variant: new email already held by another B contact fails DUPLICATE and touches nothing")
    void linked_emailChangedToOneTakenInB_failsDuplicate() {
        try (SyncFixture f = contacts()) {
            String a1 = f.putA(props("email", "pat.lee@example.com"));
            String b1 = f.putB(props("email", "pat.lee@example.com"));
            f.run();
            String b2 = f.putB(props("email", "pat.lee@example.org", "firstname", "Other"));
            f.run();
            f.a.edit("contacts", a1, "email", "pat.lee@example.org");
            RunReport r = f.run();
            assertThat(r.failed()).containsKey(FailureCategory.DUPLICATE.name());
            assertThat(f.recordsB().get(b1).get("email")).isEqualTo("pat.lee@example.com");
            assertThat(f.recordsB().get(b2).get("firstname")).isEqualTo("Other");
        }
    }

    @Test
    @DisplayName("C-02 email letter case differs: one link, no creates, second run no-op")
    void initialSync_emailCaseDiffers_matchesOneContact() {
        try (SyncFixture f = contacts()) {
            f.putA(props("email", "Jordan.Kim@Example.COM"));
            f.putB(props("email", "jordan.kim@example.com"));
            RunReport r = f.run();
            assertThat(r.counts().matched()).isEqualTo(1);
            assertThat(r.counts().createdA() + r.counts().createdB()).isZero();
            assertThat(f.findA("email", "Jordan.Kim@Example.COM")).isNotNull();
            assertThat(f.run().counts().writes()).isZero();
        }
    }

    @Test
    @DisplayName("C-03 Unicode whitespace around an email does not block matching")
    void initialSync_emailWithNoBreakSpace_matches() {
        try (SyncFixture f = contacts()) {
            f.putA(props("email", " sam.ortiz@example.com\u00A0", "firstname", "Sam"));
            f.putB(props("email", "sam.ortiz@example.com"));
            RunReport r = f.run();
            assertThat(r.counts().matched()).isEqualTo(1);
            assertThat(f.recordsB()).hasSize(1);
        }
    }

    @Test
    @DisplayName("C-04 one domain in different spellings matches; never by substring")
    void initialSync_domainSpellings_matchExactHostOnly() {
        List<PropertyDef> company = List.of(PropertyDef.of("name", PropertyType.STRING),
                PropertyDef.of("domain", PropertyType.STRING));
        ObjectSchema schema = ObjectSchema.of("companies", company);
        try (SyncFixture f = new SyncFixture(dir, schema, schema, s -> SyncFixture.withMatch(s, List.of(
                new MatchStage("domain", "domain", KeyKind.DOMAIN),
                new MatchStage("name", "name", KeyKind.COMPANY_NAME)), true))) {
            f.putA(props("name", "Northwind", "domain", "https://www.Northwind.example/"));
            f.putA(props("name", "Acme", "domain", "acme.example"));
            f.putB(props("name", "Northwind Traders", "domain", "northwind.example"));
            f.putB(props("name", "Not Acme", "domain", "notacme.example"));
            f.putB(props("name", "Acme AR", "domain", "acme.example.ar"));
            RunReport r = f.run();
            assertThat(r.counts().matched()).isEqualTo(1);
            assertThat(f.findB("name", "Northwind")).isNotNull();
            assertThat(f.findB("domain", "acme.example")).isNotNull();
            assertThat(f.recordsB()).hasSize(4);
            assertThat(f.findB("name", "Not Acme").get("domain")).isEqualTo("notacme.example");
        }
    }

    @Test
    @DisplayName("C-07 existing catalogs: products match by SKU (trimmed, any case), by name only when both lack one")
    void initialSync_productsBySkuThenName_noCreates_defaultAppNameWins_secondRunNoWrites() {
        ObjectSchema schema = ObjectSchema.of("products", List.of(PropertyDef.of("sku", PropertyType.STRING),
                PropertyDef.of("name", PropertyType.STRING)));
        try (SyncFixture f = new SyncFixture(dir, schema, schema, s -> SyncFixture.withMatch(
                SyncFixture.with(s, Direction.TWO_WAY, Side.B), List.of(new MatchStage("sku", "sku", KeyKind.TEXT),
                        new MatchStage("name", "name", KeyKind.TEXT)), true))) {
            String widget = f.putA(props("sku", "SKU-1001", "name", "Widget"));
            String gadget = f.putA(props("sku", "", "name", "Gadget Pro"));
            f.putB(props("sku", "sku-1001 ", "name", "Widget (blue)"));
            f.putB(props("name", "gadget pro"));

            RunReport first = f.run();
            RunReport second = f.run();

            assertThat(first.counts().matched()).isEqualTo(2);
            assertThat(f.recordsA()).hasSize(2);
            assertThat(f.recordsB()).hasSize(2);
            assertThat(f.recordsA().get(widget).get("name")).isEqualTo("Widget (blue)");
            assertThat(f.recordsA().get(gadget).get("name")).isEqualTo("gadget pro");
            assertThat(second.counts().writes()).isZero();
        }
    }

    @Test
    @DisplayName("C-06 contacts without email are excluded NO_IDENTIFIER by default, created once when allowed")
    void initialSync_noEmail_excludedByDefault_createdOnceWhenAllowed() {
        try (SyncFixture f = contacts()) {
            f.putA(props("firstname", "Casey", "lastname", "Nguyen", "email", ""));
            f.putB(props("firstname", "Casey", "lastname", "Nguyen"));
            RunReport r = f.run();
            assertThat(r.excluded()).containsEntry("NO_IDENTIFIER", 2);
            assertThat(f.recordsA()).hasSize(1);
            assertThat(f.recordsB()).hasSize(1);
        }
        Path other = dir.resolve("allowed");
        try (SyncFixture f = new SyncFixture(other, SyncFixture.contactProperties(), s -> SyncFixture.withMatch(s,
                s.match(), false))) {
            f.putA(props("firstname", "Casey", "lastname", "Nguyen", "email", ""));
            f.putB(props("firstname", "Casey", "lastname", "Nguyen"));
            f.run();
            assertThat(f.recordsA()).hasSize(2);
            assertThat(f.recordsB()).hasSize(2);
            assertThat(f.run().counts().writes()).isZero();
            assertThat(f.recordsA()).hasSize(2);
        }
    }

    @Test
    @DisplayName("C-08 crash after the app write, before the link commit: rerun links, no duplicate")
    void crashAfterCreate_rerun_linksWithoutDuplicate() {
        try (SyncFixture f = contacts()) {
            f.putA(props("email", "river.chen@example.net"));
            f.b.setWriteHook(ops -> {
                throw new IllegalStateException("simulated crash after the app write");
            });
            try {
                f.run();
            } catch (IllegalStateException expected) {
                // the process "died" here
            }
            assertThat(f.recordsB()).hasSize(1);
            f.b.setWriteHook(null);
            f.run();
            assertThat(f.recordsB()).hasSize(1);
            assertThat(f.recordsA()).hasSize(1);
            assertThat(f.run().counts().writes()).isZero();
            assertThat(f.store.runs().stateCounts(f.store.objectSyncId("a-b", "contacts", "contacts", "contacts")))
                    .containsEntry("SYNCING", Map.of("", 1));
        }
    }

    @Test
    @DisplayName("C-09 echo: one edit gives exactly one write over five cycles")
    void linked_oneEdit_fiveCycles_oneWrite() {
        try (SyncFixture f = contacts()) {
            String a2 = f.putA(props("email", "robin@example.com", "firstname", "Robin"));
            f.putB(props("email", "robin@example.com", "firstname", "Robin"));
            f.run();
            f.a.edit("contacts", a2, "firstname", "Robyn");
            f.a.resetCounters();
            f.b.resetCounters();
            int writes = 0;
            for (int i = 0; i < 5; i++) {
                writes += f.run().counts().writes();
            }
            assertThat(writes).isEqualTo(1);
            assertThat(f.a.recordsWritten()).isZero();
            assertThat(f.b.recordsWritten()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("C-10 default-app-wins is decided per record and field, not by batch timestamps")
    void twoWay_conflictsInSeveralRecords_defaultAppWinsEach() {
        try (SyncFixture f = contacts()) {
            String[] as = new String[4];
            String[] bs = new String[4];
            for (int i = 0; i < 4; i++) {
                as[i] = f.putA(props("email", "r" + i + "@example.com", "lastname", "base"));
                bs[i] = f.putB(props("email", "r" + i + "@example.com", "lastname", "base"));
            }
            f.run();
            for (int i = 0; i < 3; i++) {
                f.a.edit("contacts", as[i], "lastname", "A-noon");
            }
            f.b.edit("contacts", bs[3], "lastname", "B-12:05");
            f.a.edit("contacts", as[3], "lastname", "A-11:55");
            RunReport r = f.run();
            assertThat(r.counts().conflicts()).isEqualTo(1);
            for (int i = 0; i < 3; i++) {
                assertThat(f.recordsB().get(bs[i]).get("lastname")).isEqualTo("A-noon");
            }
            assertThat(f.recordsB().get(bs[3]).get("lastname")).isEqualTo("A-11:55");
        }
    }

    @Test
    @DisplayName("C-11 (i) a deliberate clear in a one-way source propagates")
    void oneWay_sourceCleared_destinationCleared() {
        List<PropertyDef> p = List.of(PropertyDef.of("email", PropertyType.STRING), PropertyDef.of("seats", PropertyType.NUMBER));
        try (SyncFixture f = new SyncFixture(dir, p, s -> SyncFixture.with(s, Direction.B_TO_A, Side.B))) {
            String a = f.putA(props("email", "x@example.com", "seats", "10"));
            String b = f.putB(props("email", "x@example.com", "seats", "10"));
            f.run();
            f.b.edit("contacts", b, "seats", null);
            f.run();
            assertThat(f.recordsA().get(a).get("seats")).isNull();
        }
    }

    @Test
    @DisplayName("C-11 (ii) at the first match an empty value never overwrites a filled one")
    void initialMatch_emptyVersusFilled_fillsOnlyWithinDirection() {
        List<PropertyDef> p = List.of(PropertyDef.of("email", PropertyType.STRING), PropertyDef.of("seats", PropertyType.NUMBER));
        try (SyncFixture f = new SyncFixture(dir, p, s -> SyncFixture.with(s, Direction.TWO_WAY, Side.B))) {
            String a = f.putA(props("email", "x@example.com", "seats", "25"));
            String b = f.putB(props("email", "x@example.com", "seats", ""));
            f.run();
            assertThat(f.recordsA().get(a).get("seats")).isEqualTo("25");
            assertThat(f.recordsB().get(b).get("seats")).isEqualTo("25");
        }
        try (SyncFixture f = new SyncFixture(dir.resolve("oneway"), p, s -> SyncFixture.with(s, Direction.B_TO_A, Side.B))) {
            String a = f.putA(props("email", "x@example.com", "seats", "25"));
            String b = f.putB(props("email", "x@example.com"));
            RunReport r = f.run();
            assertThat(r.counts().writes()).isZero();
            assertThat(f.recordsA().get(a).get("seats")).isEqualTo("25");
            assertThat(f.recordsB().get(b).get("seats")).isNull();
        }
    }

    @Test
    @DisplayName("C-12 text to number: empty stays empty, lists fail INVALID_VALUE alone, grouped numbers parse")
    void oneWay_textToNumber_convertsOrFailsPerRecord() {
        ObjectSchema sa = ObjectSchema.of("contacts", List.of(PropertyDef.of("email", PropertyType.STRING),
                PropertyDef.of("firstname", PropertyType.STRING), PropertyDef.of("seats", PropertyType.STRING)));
        ObjectSchema sb = ObjectSchema.of("contacts", List.of(PropertyDef.of("email", PropertyType.STRING),
                PropertyDef.of("firstname", PropertyType.STRING), PropertyDef.of("seats", PropertyType.NUMBER)));
        try (SyncFixture f = new SyncFixture(dir, sa, sb, s -> SyncFixture.with(s, Direction.A_TO_B, Side.A))) {
            f.putA(props("email", "c1@example.com", "seats", ""));
            f.putA(props("email", "c2@example.com", "seats", "12"));
            f.putA(props("email", "c3@example.com", "seats", "134376;137654", "firstname", "Three"));
            f.putA(props("email", "c4@example.com", "seats", " 1,200 "));
            RunReport r = f.run();
            assertThat(f.findB("email", "c1@example.com").get("seats")).isNull();
            assertThat(f.findB("email", "c2@example.com").get("seats")).isEqualTo("12");
            Record c3 = f.findB("email", "c3@example.com");
            assertThat(c3.get("seats")).isNull();
            assertThat(c3.get("firstname")).isEqualTo("Three");
            assertThat(f.findB("email", "c4@example.com").get("seats")).isEqualTo("1200");
            assertThat(r.failed()).containsEntry("INVALID_VALUE", 1);
            List<?> failed = f.store.runs().records(f.store.objectSyncId("a-b", "contacts", "contacts", "contacts"),
                    "FAILED", null, null, 10);
            assertThat(failed).hasSize(1);
            assertThat(failed.get(0).toString()).contains("seats");
        }
    }

    @Test
    @DisplayName("C-13 multi-select delimiters differ: set comparison, target format, unknown option fails")
    void twoWay_multiselectDelimiters_comparedAsSets() {
        List<PropertyOption> colours = List.of(PropertyOption.of("red"), PropertyOption.of("green"), PropertyOption.of("blue"));
        ObjectSchema sa = ObjectSchema.of("contacts", List.of(PropertyDef.of("email", PropertyType.STRING),
                new PropertyDef("interests", PropertyType.MULTISELECT, List.of(), false, false, ";")));
        ObjectSchema sb = ObjectSchema.of("contacts", List.of(PropertyDef.of("email", PropertyType.STRING),
                new PropertyDef("interests", PropertyType.MULTISELECT, colours, false, false, "^,^")));
        try (SyncFixture f = new SyncFixture(dir, sa, sb, s -> s)) {
            String a = f.putA(props("email", "m@example.com", "interests", "red;green"));
            String b = f.putB(props("email", "m@example.com", "interests", "^green^,^blue^"));
            f.run();
            assertThat(f.recordsB().get(b).get("interests")).isEqualTo("^red^,^green^");
            f.b.edit("contacts", b, "interests", "^green^,^red^");
            assertThat(f.run().counts().writes()).isZero();
            f.a.edit("contacts", a, "interests", "red;green;teal");
            RunReport r = f.run();
            assertThat(r.failed()).containsKey("INVALID_OPTION");
            assertThat(f.recordsB().get(b).get("interests")).isEqualTo("^green^,^red^");
        }
    }

    @Test
    @DisplayName("C-14 a date-only value becomes midnight UTC and round-trips, DST dates included")
    void twoWay_dateToDatetime_noTimeZoneShift() {
        ObjectSchema sa = ObjectSchema.of("contacts", List.of(PropertyDef.of("email", PropertyType.STRING),
                PropertyDef.of("closedate", PropertyType.DATE)));
        ObjectSchema sb = ObjectSchema.of("contacts", List.of(PropertyDef.of("email", PropertyType.STRING),
                PropertyDef.of("closedate", PropertyType.DATETIME)));
        try (SyncFixture f = new SyncFixture(dir, sa, sb, s -> SyncFixture.withCodec(s,
                new ValueCodec(ZoneId.of("America/Phoenix"), null)))) {
            String a = f.putA(props("email", "d@example.com", "closedate", "2023-03-31"));
            f.run();
            Record b = f.findB("email", "d@example.com");
            assertThat(b.get("closedate")).isEqualTo("2023-03-31T00:00:00.000Z");
            for (String date : List.of("2023-03-12", "2023-10-29")) {
                f.b.edit("contacts", b.id(), "closedate", date + "T00:00:00.000Z");
                f.run();
                assertThat(f.recordsA().get(a).get("closedate")).isEqualTo(date);
            }
        }
    }

    @Test
    @DisplayName("C-19 an initial-sync date filter is evaluated on its own property, not the change cursor")
    void initialSync_createdDateFilter_onlyMatchingRecordCreated() {
        ObjectSchema s = ObjectSchema.of("contacts", List.of(PropertyDef.of("email", PropertyType.STRING),
                PropertyDef.of("created", PropertyType.DATE), PropertyDef.of("modified", PropertyType.DATE)));
        Filter filter = new Filter(List.of(List.of(new Condition("created", FilterOperator.GTE, "2022-09-26", null, null))));
        try (SyncFixture f = new SyncFixture(dir, s, s, x -> SyncFixture.withFilters(
                SyncFixture.with(x, Direction.A_TO_B, Side.A), filter, Filter.NONE))) {
            String x1 = f.putA(props("email", "x1@example.com", "created", "2021-05-01", "modified", "2022-10-01"));
            f.putA(props("email", "x2@example.com", "created", "2022-10-02", "modified", "2022-10-02"));
            f.putA(props("email", "x3@example.com", "created", "2021-01-01", "modified", "2021-01-01"));
            RunReport r = f.run();
            assertThat(f.recordsB()).hasSize(1);
            assertThat(f.findB("email", "x2@example.com")).isNotNull();
            assertThat(r.excluded()).containsEntry("FILTER", 2);
            f.a.edit("contacts", x1, "modified", "2023-01-01");
            f.run();
            assertThat(f.recordsB()).hasSize(1);
        }
    }
}

package io.crmsync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.api.ObjectSchema;
import io.crmsync.api.PropertyDef;
import io.crmsync.api.PropertyType;
import io.crmsync.engine.run.RunReport;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A field the app rejects fails alone: the record's other fields are still written (DESIGN.md §2.2). */
class PartialWriteTest {
    @TempDir
    Path dir;

    @Test
    void update_oneFieldRejectedByApp_otherFieldsWritten_recordFailedNamingProperty() {
        ObjectSchema a = ObjectSchema.of("contacts", List.of(PropertyDef.of("email", PropertyType.STRING),
                PropertyDef.of("firstname", PropertyType.STRING), PropertyDef.of("lastname", PropertyType.STRING)));
        ObjectSchema b = ObjectSchema.of("contacts", List.of(PropertyDef.of("email", PropertyType.STRING),
                PropertyDef.of("firstname", PropertyType.STRING),
                PropertyDef.of("lastname", PropertyType.STRING).withReadOnly(true)));
        try (SyncFixture f = new SyncFixture(dir, a, b, s -> s)) {
            String ida = f.putA(Map.of("email", "x@example.com", "firstname", "Xi"));
            String idb = f.putB(Map.of("email", "x@example.com", "firstname", "Xi"));
            f.run();
            f.a.edit("contacts", ida, "firstname", "Xavier");
            f.a.edit("contacts", ida, "lastname", "Long");
            RunReport r = f.run();
            assertThat(f.recordsB().get(idb).get("firstname")).isEqualTo("Xavier");
            assertThat(f.recordsB().get(idb).get("lastname")).isNull();
            assertThat(r.failed()).containsEntry("READ_ONLY_PROPERTY", 1);
            assertThat(f.store.runs().records(f.store.objectSyncId("a-b", "contacts", "contacts", "contacts"),
                    "FAILED", null, null, 10)).singleElement().satisfies(row -> assertThat(row.message()).contains("lastname"));
        }
    }

    @Test
    void create_oneFieldRejectedByApp_recordCreatedWithoutIt_linked() {
        ObjectSchema a = ObjectSchema.of("contacts", List.of(PropertyDef.of("email", PropertyType.STRING),
                PropertyDef.of("firstname", PropertyType.STRING), PropertyDef.of("lastname", PropertyType.STRING)));
        ObjectSchema b = ObjectSchema.of("contacts", List.of(PropertyDef.of("email", PropertyType.STRING),
                PropertyDef.of("firstname", PropertyType.STRING),
                PropertyDef.of("lastname", PropertyType.STRING).withReadOnly(true)));
        try (SyncFixture f = new SyncFixture(dir, a, b, s -> s)) {
            f.putA(Map.of("email", "new@example.com", "firstname", "Nu", "lastname", "Long"));
            RunReport r = f.run();
            assertThat(r.counts().createdB()).isEqualTo(1);
            assertThat(f.findB("email", "new@example.com").get("firstname")).isEqualTo("Nu");
            assertThat(f.run().counts().createdB()).isZero();
            assertThat(f.recordsB()).hasSize(1);
        }
    }
}

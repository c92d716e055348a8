package io.crmsync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.api.ObjectSchema;
import io.crmsync.api.PropertyDef;
import io.crmsync.api.PropertyType;
import io.crmsync.engine.model.Direction;
import io.crmsync.engine.model.Side;
import io.crmsync.engine.plan.MatchStage;
import io.crmsync.engine.run.RunReport;
import io.crmsync.engine.value.KeyKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A record excluded as ambiguous is matched again when it changes: its identifier is looked up in both apps, the
 * other holders (unchanged, excluded too) are found, and it stays excluded instead of being created across.
 */
class IncrementalAmbiguityTest {
    @TempDir
    Path dir;

    @Test
    void incremental_oneOfAnAmbiguousGroupEdited_staysExcludedWithAllHolders_noCreate() {
        ObjectSchema schema = ObjectSchema.of("companies", List.of(PropertyDef.of("name", PropertyType.STRING),
                PropertyDef.of("domain", PropertyType.STRING), PropertyDef.of("city", PropertyType.STRING)));
        try (SyncFixture f = new SyncFixture(dir, schema, schema, s -> SyncFixture.withMatch(
                SyncFixture.with(s, Direction.TWO_WAY, Side.B),
                List.of(new MatchStage("domain", "domain", KeyKind.DOMAIN)), true))) {
            String a1 = f.putA(Map.of("name", "Gabtune", "domain", "amazon.de"));
            f.putA(Map.of("name", "Eadel", "domain", "https://www.amazon.de/"));
            f.putB(Map.of("name", "Gabtune 23", "domain", "amazon.de"));
            f.putB(Map.of("name", "Eadel 255", "domain", "AMAZON.DE"));
            RunReport initial = f.run();
            assertThat(initial.excluded()).containsEntry("AMBIGUOUS_MATCH", 4);

            f.a.edit("companies", a1, "city", "Berlin");
            RunReport incremental = f.run();

            assertThat(incremental.counts().writes()).isZero();
            assertThat(f.recordsA()).hasSize(2);
            assertThat(f.recordsB()).hasSize(2);
            long os = f.store.objectSyncId(f.settings.sync(), f.settings.object(), "companies", "companies");
            assertThat(f.store.runs().records(os, "EXCLUDED", null, null, 10))
                    .filteredOn(r -> a1.equals(r.idA())).singleElement()
                    .satisfies(r -> assertThat(r.message()).contains("held by 2 records in a").contains("2 records in b"));
        }
    }
}

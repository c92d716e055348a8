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

/** After the initial sync, a new record is matched by asking the other app for its identifier. */
class IncrementalMatchingTest {
    @TempDir
    Path dir;

    private static final ObjectSchema COMPANIES = ObjectSchema.of("companies", List.of(
            PropertyDef.of("name", PropertyType.STRING), PropertyDef.of("domain", PropertyType.STRING)));

    @Test
    void oneWay_newSourceCompany_matchesOldDestinationCompanyWrittenAsUrl_noDuplicate() {
        try (SyncFixture f = new SyncFixture(dir, COMPANIES, COMPANIES, s -> SyncFixture.with(SyncFixture.withMatch(s,
                List.of(new MatchStage("domain", "domain", KeyKind.DOMAIN),
                        new MatchStage("name", "name", KeyKind.COMPANY_NAME)), true), Direction.A_TO_B, Side.A))) {
            String b = f.putB(Map.of("name", "Northwind Traders", "domain", "HTTPS://www.Northwind.example/"));
            f.run();
            f.putA(Map.of("name", "Northwind", "domain", "northwind.example"));
            RunReport r = f.run();
            assertThat(r.counts().matched()).isEqualTo(1);
            assertThat(r.counts().createdB()).isZero();
            assertThat(f.recordsB()).hasSize(1);
            assertThat(f.recordsB().get(b).get("name")).isEqualTo("Northwind");
        }
    }

    @Test
    void twoWay_newContact_matchesOldUnlinkedContactByEmailCase() {
        try (SyncFixture f = new SyncFixture(dir, SyncFixture.contactProperties(), s -> SyncFixture.with(s,
                Direction.A_TO_B, Side.A))) {
            f.putB(Map.of("email", " Kim@Example.com", "firstname", "Kim"));
            f.run();
            f.putA(Map.of("email", "kim@example.com", "lastname", "Lee"));
            RunReport r = f.run();
            assertThat(r.counts().matched()).isEqualTo(1);
            assertThat(f.recordsB()).hasSize(1);
        }
    }
}

package io.crmsync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.api.ObjectSchema;
import io.crmsync.api.PropertyDef;
import io.crmsync.api.PropertyType;
import io.crmsync.engine.model.Side;
import io.crmsync.engine.plan.MatchStage;
import io.crmsync.engine.run.RunReport;
import io.crmsync.engine.value.KeyKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Identifier stages of DESIGN.md §2.3: companies by domain then name, products by SKU then name, no free-mail. */
class MatchingRulesTest {
    @TempDir
    Path dir;

    private static final ObjectSchema COMPANIES = ObjectSchema.of("companies", List.of(
            PropertyDef.of("name", PropertyType.STRING), PropertyDef.of("domain", PropertyType.STRING)));
    private static final ObjectSchema PRODUCTS = ObjectSchema.of("products", List.of(
            PropertyDef.of("name", PropertyType.STRING), PropertyDef.of("sku", PropertyType.STRING)));

    @Test
    void companies_freeMailDomain_neverMatchesByDomain_fallsBackToName() {
        try (SyncFixture f = new SyncFixture(dir, COMPANIES, COMPANIES, s -> SyncFixture.withMatch(s, List.of(
                new MatchStage("domain", "domain", KeyKind.DOMAIN),
                new MatchStage("name", "name", KeyKind.COMPANY_NAME)), true))) {
            f.putA(Map.of("name", "Alpha Bakery", "domain", "gmail.com"));
            f.putB(Map.of("name", "Beta Plumbing", "domain", "https://gmail.com/"));
            f.putA(Map.of("name", "Gamma GmbH", "domain", "gmail.com"));
            f.putB(Map.of("name", "GAMMA", "domain", "gmail.com"));
            RunReport r = f.run();
            // Alpha and Beta share only a free-mail domain: two different companies, each created across.
            assertThat(r.counts().matched()).isEqualTo(1);
            assertThat(f.recordsA()).hasSize(3);
            assertThat(f.recordsB()).hasSize(3);
            assertThat(f.findB("name", "Alpha Bakery")).isNotNull();
        }
    }

    @Test
    @DisplayName("C-07 products match by SKU (trimmed, case-folded), then by name when both SKUs are empty")
    void products_skuThenName_twoLinksNoCreates_defaultAppWins() {
        try (SyncFixture f = new SyncFixture(dir, PRODUCTS, PRODUCTS, s -> SyncFixture.with(SyncFixture.withMatch(s,
                List.of(new MatchStage("sku", "sku", KeyKind.TEXT), new MatchStage("name", "name", KeyKind.TEXT)),
                true), io.crmsync.engine.model.Direction.TWO_WAY, Side.B))) {
            String widget = f.putA(Map.of("sku", "SKU-1001", "name", "Widget"));
            f.putA(Map.of("sku", "", "name", "Gadget Pro"));
            f.putB(Map.of("sku", "sku-1001 ", "name", "Widget (blue)"));
            f.putB(Map.of("name", "gadget pro"));
            RunReport r = f.run();
            assertThat(r.counts().matched()).isEqualTo(2);
            assertThat(r.counts().createdA() + r.counts().createdB()).isZero();
            assertThat(f.recordsA().get(widget).get("name")).isEqualTo("Widget (blue)");
            assertThat(f.run().counts().writes()).isZero();
        }
    }
}

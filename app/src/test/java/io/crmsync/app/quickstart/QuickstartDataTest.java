package io.crmsync.app.quickstart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.crmsync.app.config.ConfigLoader;
import io.crmsync.app.config.CrmsyncConfig;
import io.crmsync.app.quickstart.ExpectationCalculator.Rules;
import io.crmsync.app.quickstart.QuickstartExpectations.ObjectSync;
import io.crmsync.app.quickstart.QuickstartSchema.Table;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickstartDataTest {

    @TempDir
    static Path shared;
    static Path dir;
    static QuickstartExpectations expected;

    @BeforeAll
    static void generateOnce() {
        dir = shared.resolve("quickstart");
        expected = QuickstartData.generate(dir, QuickstartData.DEFAULT_SEED);
    }

    @Test
    void sameSeedGivesTheSameDatabasesAndConfig(@TempDir Path other) throws Exception {
        Path again = other.resolve("quickstart");
        QuickstartExpectations second = QuickstartData.generate(again, QuickstartData.DEFAULT_SEED);

        assertThat(second).isEqualTo(expected);
        assertThat(QuickstartData.read(again)).isEqualTo(QuickstartData.read(dir));
        assertThat(Files.readAllBytes(again.resolve(QuickstartData.SHOP_DB)))
                .isEqualTo(Files.readAllBytes(dir.resolve(QuickstartData.SHOP_DB)));
        // The YAML names its own folder, so compare it with the folder name taken out.
        assertThat(yamlWithout(again)).isEqualTo(yamlWithout(dir));

        QuickstartData.generate(again, 7);
        assertThat(QuickstartData.read(again)).isNotEqualTo(QuickstartData.read(dir));
    }

    @Test
    void regeneratingInPlaceGivesIdenticalBytes(@TempDir Path other) throws Exception {
        Path d = other.resolve("qs");
        QuickstartData.generate(d, 42);
        byte[] yaml = Files.readAllBytes(d.resolve(QuickstartData.CONFIG));
        byte[] shop = Files.readAllBytes(d.resolve(QuickstartData.SHOP_DB));
        QuickstartData.generate(d, 42);
        assertThat(Files.readAllBytes(d.resolve(QuickstartData.CONFIG))).isEqualTo(yaml);
        assertThat(Files.readAllBytes(d.resolve(QuickstartData.SHOP_DB))).isEqualTo(shop);
    }

    @Test
    void everyRecordEndsLinkedCopiedOrExcluded() {
        for (ObjectSync s : expected.objectSyncs()) {
            assertThat(s.linked() + s.createdInHubSpot() + s.excludedTotal(true)).as(s.object() + " shop")
                    .isEqualTo(s.shopRecords());
            assertThat(s.linked() + s.createdInShop() + s.excludedTotal(false)).as(s.object() + " hubspot")
                    .isEqualTo(s.hubspotRecords());
            assertThat(s.updatedInHubSpot()).isLessThanOrEqualTo(s.conflicts() + s.gapsFilledInHubSpot());
            assertThat(s.updatedInShop()).isLessThanOrEqualTo(s.gapsFilledInShop());
        }
        Dataset data = QuickstartData.read(dir);
        assertThat(expected.companies().shopRecords()).isEqualTo(50);
        assertThat(expected.contacts().shopRecords()).isEqualTo(150);
        assertThat(expected.companies().hubspotRecords()).isEqualTo(data.hubspotCompanies().size());
        assertThat(expected.contacts().hubspotRecords()).isEqualTo(data.hubspotContacts().size());
        // Every Vendure variant row is in one app or both; the ones in both are linked or ambiguous.
        ObjectSync products = expected.products();
        assertThat(products.shopRecords() + products.hubspotRecords() - products.linked()
                - products.excludedInShop().get(QuickstartExpectations.AMBIGUOUS_MATCH)).isEqualTo(88);
        // Each opportunity is in one app only; those left out are the deals of the accounts left ambiguous.
        assertThat(expected.deals().shopRecords() + expected.deals().hubspotRecords()).isBetween(30, 50);
    }

    @Test
    void expectationsComeFromTheDatabasesAndHoldUnderEitherReadingOfTheOpenRules() {
        Dataset data = QuickstartData.read(dir);
        assertThat(QuickstartData.expectations(dir)).isEqualTo(expected);
        for (boolean strictName : new boolean[] {false, true}) {
            for (boolean literalDuplicates : new boolean[] {false, true}) {
                assertThat(new ExpectationCalculator(new Rules(strictName, literalDuplicates)).compute(data))
                        .as("strict name %s, literal duplicates %s", strictName, literalDuplicates)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void theDataShowsEveryCaseTheQuickstartPromises() {
        ObjectSync companies = expected.companies();
        ObjectSync contacts = expected.contacts();
        // 4 pairs of shop accounts share a website host; both of each pair are in hubspot, so 8 + 8 records, plus
        // one shop company and two domain-less hubspot namesakes.
        assertThat(companies.excludedInShop()).containsEntry(QuickstartExpectations.AMBIGUOUS_MATCH, 9);
        assertThat(companies.excludedInHubSpot()).containsEntry(QuickstartExpectations.AMBIGUOUS_MATCH, 10);
        // Two hubspot organizations lack a website; Flashset 156's website host ocn.ne.jp is a free-mail domain.
        assertThat(companies.linkedByName()).isGreaterThanOrEqualTo(2);
        assertThat(contacts.excludedInShop()).containsEntry(QuickstartExpectations.NO_IDENTIFIER, 3);
        assertThat(contacts.excludedInHubSpot()).containsEntry(QuickstartExpectations.NO_IDENTIFIER, 3);
        assertThat(contacts.createdInShop()).isGreaterThanOrEqualTo(500); // all Atomic CRM contacts
        // The three variants of one chair share a SKU in each app; two hubspot products lack their SKU.
        assertThat(expected.products().excludedInShop()).containsEntry(QuickstartExpectations.AMBIGUOUS_MATCH, 3);
        assertThat(expected.products().excludedInHubSpot()).containsEntry(QuickstartExpectations.AMBIGUOUS_MATCH, 3);
        assertThat(expected.products().linkedByName()).isEqualTo(2);
        for (ObjectSync s : List.of(companies, contacts, expected.products())) {
            assertThat(s.conflicts()).as(s.object()).isPositive();
            assertThat(s.gapsFilledInShop()).as(s.object()).isPositive();
            assertThat(s.gapsFilledInHubSpot()).as(s.object()).isPositive();
        }
        for (ObjectSync s : expected.objectSyncs()) {
            assertThat(s.createdInShop()).as(s.object()).isPositive();
            assertThat(s.createdInHubSpot()).as(s.object()).isPositive();
        }
        // The contacts of the ambiguous companies fail their company; every deal's company is linked.
        assertThat(contacts.failedAssociation()).isPositive();
        assertThat(expected.deals().failedAssociation()).isZero();
        assertThat(companies.failedAssociation() + expected.products().failedAssociation()).isZero();
        // Deals are never matched: each is created in the other app, and none is excluded.
        assertThat(expected.deals().linked()).isZero();
        assertThat(expected.deals().excludedTotal(true) + expected.deals().excludedTotal(false)).isZero();

        Dataset data = QuickstartData.read(dir);
        List<String> emails = data.hubspotContacts().stream().map(r -> r.get("email")).filter(e -> e != null).toList();
        // HubSpot trims what it stores, so of the stray spaces only the non-breaking ones are still there.
        assertThat(emails).anyMatch(e -> e.startsWith("\u00A0") || e.endsWith("\u00A0"))
                .noneMatch(e -> e.startsWith(" ") || e.endsWith(" "))
                .anyMatch(e -> !e.equals(e.toLowerCase(java.util.Locale.ROOT)));
        List<String> websites = data.hubspotCompanies().stream().map(r -> r.get("domain"))
                .filter(w -> w != null).toList();
        assertThat(websites).anyMatch(w -> w.startsWith("https://www.")).anyMatch(w -> !w.contains("/"))
                .anyMatch(w -> w.equals(w.toUpperCase())).anyMatch(w -> w.endsWith("/about-us"));
        // Free-mail contacts come without a company.
        assertThat(data.hubspotContacts()).filteredOn(r -> r.get("email") != null
                && r.get("email").matches("(?i).*@(gmail|yahoo|hotmail)\\.com")).allMatch(r -> r.parentId() == null);
        assertThat(data.shopCompanies()).allMatch(r -> r.updatedAt().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
        // Every deal has its company, in the pipeline whose stages carry the Salesforce stage names.
        for (List<Dataset.Row> deals : List.of(data.shopDeals(), data.hubspotDeals())) {
            assertThat(deals).isNotEmpty().allMatch(r -> r.parentId() != null)
                    .allMatch(r -> QuickstartSchema.PIPELINE.equals(r.get("pipeline")))
                    .allMatch(r -> QuickstartSchema.PIPELINE_STAGES.contains(r.get("dealstage")));
        }
        assertThat(expected.toString()).contains("companies", "contacts", "AMBIGUOUS_MATCH");
    }

    @Test
    void configHasTheShapeOfDesignSection4AndMatchesTheTables() throws Exception {
        JsonNode root = new YAMLMapper().readTree(dir.resolve(QuickstartData.CONFIG).toFile());
        String folder = QuickstartData.configLocation(dir);
        assertThat(root.path("state").asText()).startsWith("jdbc:h2:file:").endsWith(folder + "/state");
        JsonNode hubspot = root.path("apps").path("hubspot");
        assertThat(hubspot.path("type").asText()).isEqualTo("hubspot");
        assertThat(hubspot.path("sandbox").asText()).isEqualTo(folder + "/" + QuickstartData.HUBSPOT_SANDBOX);
        assertThat(hubspot.path("token").isMissingNode()).isTrue();
        JsonNode shop = root.path("apps").path("shop");
        assertThat(shop.path("type").asText()).isEqualTo("jdbc");
        assertThat(shop.path("url").asText()).isEqualTo("jdbc:sqlite:" + folder + "/shop.db");
        Path db = dir.resolve(QuickstartData.SHOP_DB);
        for (Table t : List.of(QuickstartSchema.SHOP_COMPANIES, QuickstartSchema.SHOP_CONTACTS,
                QuickstartSchema.SHOP_DEALS, QuickstartSchema.SHOP_PRODUCTS)) {
            JsonNode object = shop.path("objects").path(t.name());
            assertThat(object.path("table").asText()).isEqualTo(t.name());
            Set<String> columns = columns(db, t.name());
            assertThat(columns).contains(object.path("id").asText(), object.path("updatedAt").asText());
            object.path("properties").properties().forEach(p -> {
                assertThat(columns).contains(p.getValue().path("column").asText());
                assertThat(p.getValue().path("type").asText()).isIn("string", "number", "phone", "datetime",
                        "enumeration");
            });
            assertThat(columns).hasSize(object.path("properties").size() + 2 + (t.parent() == null ? 0 : 1));
        }
        JsonNode sync = root.path("syncs").path("hubspot-shop");
        assertThat(sync.path("apps").toString()).isEqualTo("[\"hubspot\",\"shop\"]");
        for (String type : List.of("companies", "contacts", "deals", "products")) {
            JsonNode os = sync.path("objects").path(type);
            assertThat(os.path("types").path("shop").asText()).isEqualTo(type);
            assertThat(os.path("types").path("hubspot").asText()).isEqualTo(type);
            assertThat(os.path("direction").asText()).isEqualTo("two-way");
            assertThat(os.path("defaultApp").asText()).isEqualTo("shop");
            Set<String> mapped = new HashSet<>();
            for (JsonNode m : os.path("mappings")) {
                assertThat(m.path("hubspot").asText()).isEqualTo(m.path("shop").asText());
                assertThat(mapped.add(m.path("shop").asText())).isTrue();
            }
            // Every shop property is mapped onto the HubSpot property of the same name, but the external id; a deal's
            // company is mapped as an association.
            Set<String> shopProperties = fieldNames(shop.path("objects").path(type));
            if (type.equals("deals")) {
                assertThat(os.path("externalId").path("shop").asText()).isEqualTo("hubspot_deal_id");
                assertThat(os.path("externalId").path("hubspot").asText()).isEqualTo("shop_deal_id");
                shopProperties.remove("hubspot_deal_id");
            }
            if (type.equals("deals") || type.equals("contacts")) {
                assertThat(shop.path("objects").path(type).path("associations").path("companies").asText())
                        .isEqualTo("company_id");
                shopProperties.add("@companies");
            }
            assertThat(mapped).isEqualTo(shopProperties);
        }
        assertThat(hubspot.path("associations").toString()).isEqualTo("[\"companies\"]");
        assertThat(sync.path("objects").path("contacts").path("onlyWithEmail").asBoolean()).isTrue();
    }

    @Test
    void resetRemovesOnlyQuickstartFiles(@TempDir Path other) throws Exception {
        Path d = other.resolve("quickstart");
        assertThat(QuickstartData.exists(d)).isFalse();
        QuickstartData.generate(d, 1);
        assertThat(QuickstartData.exists(d)).isTrue();
        Files.writeString(d.resolve("state.mv.db"), "x");
        Files.writeString(d.resolve("shop.db-journal"), "x");
        Files.writeString(d.resolve("notes.txt"), "mine");

        QuickstartData.reset(d);
        assertThat(QuickstartData.exists(d)).isFalse();
        try (var files = Files.list(d)) {
            // The marker stays with the user's file: the folder is still the quickstart's to reuse.
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("notes.txt", QuickstartData.MARKER);
        }
        Files.delete(d.resolve("notes.txt"));
        QuickstartData.generate(d, 1);
        QuickstartData.reset(d);
        assertThat(d).doesNotExist();
        QuickstartData.reset(d); // nothing there: no error
    }

    @Test
    void aFolderWithOtherFilesAndNoMarkerIsNeverWrittenOrReset(@TempDir Path other) throws Exception {
        Path d = Files.createDirectories(other.resolve("mine"));
        Files.writeString(d.resolve(QuickstartData.CONFIG), "mine");

        assertThat(QuickstartData.usable(d)).isFalse();
        assertThatThrownBy(() -> QuickstartData.generate(d, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> QuickstartData.reset(d)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Files.readString(d.resolve(QuickstartData.CONFIG))).isEqualTo("mine");
        assertThat(QuickstartData.usable(other.resolve("new"))).isTrue();
    }

    @Test
    void pathsWithSpacesQuotesAndHashesReadBackFromTheYaml() {
        String location = "my \"demo\" #1\\x: y";

        CrmsyncConfig config = ConfigLoader.parse(Path.of("crmsync.yaml"), ConfigWriter.yaml(location), Map.of());

        assertThat(config.state().url()).isEqualTo("jdbc:h2:file:./" + location + "/state");
        assertThat(config.app("shop").string("url")).isEqualTo("jdbc:sqlite:" + location + "/shop.db");
        assertThat(config.app("hubspot").string("sandbox")).isEqualTo(location + "/hubspot-sandbox");
    }

    @Test
    void configPathsAreRelativeToTheWorkingDirectory() {
        assertThat(QuickstartData.configLocation(Path.of("quickstart"))).isEqualTo("quickstart");
        assertThat(QuickstartData.configLocation(Path.of("quickstart").toAbsolutePath())).isEqualTo("quickstart");
        assertThat(ConfigWriter.yaml("quickstart")).contains("state: \"jdbc:h2:file:./quickstart/state\"",
                "url: \"jdbc:sqlite:quickstart/shop.db\"", "sandbox: \"quickstart/hubspot-sandbox\"");
    }

    /** SHA-256 of the upstream files (see NOTICE.md), taken from the shared data folder when they were copied. */
    @Test
    void bundledDataFilesAreByteForByteCopies() throws Exception {
        Map<String, String> sha256 = Map.of(
                "/io/crmsync/app/quickstart/Accounts.csv", "935f59969ce95ad59d1a2c552a5f894f8db07fb3620255ad8bd974f88a56c016",
                "/io/crmsync/app/quickstart/Contacts.csv", "d17f0e6007f5bdb1ffb495a8bdcb5f3dbfad4b8b52d59e950422d49885d8c67f",
                "/io/crmsync/app/quickstart/Opportunities.csv",
                "64299cbcf43ba20a0962fdc095b8c4ec5676212f938691c1bcbf908dbaddc9eb",
                "/io/crmsync/app/quickstart/vendure-products.csv",
                "e4bd7324f39f9c9def18bfa2104ea98464ca563ebeab0999b3067ae0073bb9a6",
                "/io/crmsync/app/quickstart/apex-recipes-LICENSE.md",
                "c2c14e64a5798ecd6e5332ed6139d950522352fb82ddfd1d620524db890712ec",
                "/io/crmsync/app/quickstart/atomic-contacts.csv", "f39f473b68a8bdb0b751130a991b5e1c9d7f9ebb67cb48bd4bc990362e253835",
                "/io/crmsync/app/quickstart/atomic-crm-LICENSE.md",
                "1774c14a7b97aa0ce5e866f895ddb421db6dfb4769dee9ab40416681d0390316",
                "/io/crmsync/engine/free-email-domains.json",
                "a2f19e1ccfc3422564f3bab33cb54898783240a743d8cbe758a9c750791b34e0",
                "/io/crmsync/engine/free-email-domains-LICENSE.md",
                "fd7dfd4301e4377aa912ef30758f99d760f24b4ec86e1852a1ce3bce35754e3f");
        for (var e : sha256.entrySet()) {
            try (InputStream in = getClass().getResourceAsStream(e.getKey())) {
                assertThat(in).as(e.getKey()).isNotNull();
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(in.readAllBytes());
                assertThat(HexFormat.of().formatHex(digest)).as(e.getKey()).isEqualTo(e.getValue());
            }
        }
        assertThat(getClass().getResource("/io/crmsync/app/quickstart/NOTICE.md")).isNotNull();
    }

    private static String yamlWithout(Path d) throws Exception {
        return Files.readString(d.resolve(QuickstartData.CONFIG)).replace(QuickstartData.configLocation(d), "DIR");
    }

    private static Set<String> fieldNames(JsonNode object) {
        Set<String> names = new HashSet<>();
        object.path("properties").fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> columns(Path db, String table) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             ResultSet rs = c.createStatement().executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rs.next()) {
                names.add(rs.getString("name"));
            }
        }
        return new HashSet<>(names);
    }
}

package io.crmsync.app.config;

import static io.crmsync.app.config.ConfigFixtures.FILE;
import static io.crmsync.app.config.ConfigFixtures.errors;
import static io.crmsync.app.config.ConfigFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmsync.api.AppSettings;
import io.crmsync.engine.model.Condition;
import io.crmsync.engine.model.DeletePolicy;
import io.crmsync.engine.model.Direction;
import io.crmsync.engine.model.Filter;
import io.crmsync.engine.model.FilterOperator;
import io.crmsync.engine.model.Side;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    /** DESIGN.md §4, verbatim. */
    static final String DESIGN_EXAMPLE = """
            state: jdbc:h2:file:./.crmsync/state          # default; or a jdbc:postgresql:// URL (user/password keys)
            apps:
              crm:                                         # app name (yours)
                type: jdbc
                url: jdbc:sqlite:quickstart/crm.db
                password: ${CRM_DB_PASSWORD}               # ${NAME} reads an environment variable; never logged
                objects:
                  contacts:                                # object type name in this app
                    table: contacts
                    id: id
                    updatedAt: updated_at                  # optional; without it, changes are found by comparison
                    properties:
                      email:     {column: email, type: string}
                      firstname: {column: first_name, type: string}
                      phone:     {column: phone, type: phone}
                      interests: {column: interests, type: multiselect, delimiter: "|", options: [red, green, blue]}
              hubspot:
                type: hubspot
                token: ${HUBSPOT_TOKEN}
                baseUrl: http://127.0.0.1:8089             # the local sandbox; default https://api.hubapi.com
                timeZone: America/Phoenix                  # account time zone, for date <-> datetime
                defaultRegion: US                          # phones written without a country code
            syncs:
              crm-shop:                                    # sync name (yours)
                apps: [crm, shop]
                objects:
                  contacts:                                # object sync name (yours; usually the object type)
                    types: {crm: contacts, shop: customers}
                    direction: two-way                     # or "crm -> shop" / "shop -> crm"
                    defaultApp: crm                        # conflict winner; in a one-way sync, the source
                    onlyWithEmail: true                    # the default for contacts
                    match: default                         # default | none | {crm: email, shop: email_address}
                    filters:                               # per app; gate entry (filterPolicy: entry | continuous)
                      shop: [{property: country, operator: EQ, value: FR}]          # a list is AND
                      crm:
                        anyOf:                                                      # OR of AND-groups
                          - [{property: lifecyclestage, operator: IN, values: [customer, lead]}]
                          - [{property: createdate, operator: GTE, value: "2024-01-01"}]
                    deletes: keep                          # keep | propagate | {crm: propagate, shop: keep}
                    mappings:                              # added to / overriding the connectors' default mappings
                      - {crm: email, shop: email_address}
                      - {crm: phone, shop: phone, enabled: false}
                      - {crm: notes, shop: remarks, direction: "crm -> shop"}
            """;

    /** The design example names an app {@code shop} in its sync without defining it; this adds it. */
    static final String DESIGN_EXAMPLE_WITH_SHOP = DESIGN_EXAMPLE.replace("syncs:\n", """
              shop:
                type: jdbc
                url: jdbc:sqlite:quickstart/shop.db
            syncs:
            """);

    static final Map<String, String> ENV = Map.of("CRM_DB_PASSWORD", "crm-secret-pw", "HUBSPOT_TOKEN", "pat-na1-xyz");

    @Test
    @SuppressWarnings("unchecked")
    void designExample_parsesIntoTheExpectedModel() {
        CrmsyncConfig config = parse(DESIGN_EXAMPLE_WITH_SHOP, ENV);

        assertThat(config.file()).isEqualTo(FILE);
        assertThat(config.state()).isEqualTo(new StateConfig("jdbc:h2:file:./.crmsync/state", null, null));
        assertThat(config.apps()).containsOnlyKeys("crm", "hubspot", "shop");
        assertThat(config.apps().keySet()).containsExactly("crm", "hubspot", "shop");

        AppSettings crm = config.app("crm");
        assertThat(crm.type()).isEqualTo("jdbc");
        assertThat(crm.values()).doesNotContainKey("type");
        assertThat(crm.string("url")).isEqualTo("jdbc:sqlite:quickstart/crm.db");
        assertThat(crm.string("password")).isEqualTo("crm-secret-pw");
        assertThat(crm.secrets()).containsExactly("crm-secret-pw");
        Map<String, Object> contacts = (Map<String, Object>) crm.map("objects").get("contacts");
        assertThat(contacts).containsEntry("table", "contacts").containsEntry("updatedAt", "updated_at");
        Map<String, Object> interests = (Map<String, Object>) ((Map<String, Object>) contacts.get("properties"))
                .get("interests");
        assertThat(interests).containsEntry("delimiter", "|").containsEntry("options", List.of("red", "green", "blue"));

        AppSettings hubspot = config.app("hubspot");
        assertThat(hubspot.type()).isEqualTo("hubspot");
        assertThat(hubspot.secrets()).containsExactly("pat-na1-xyz");
        assertThat(hubspot.values()).containsEntry("baseUrl", "http://127.0.0.1:8089")
                .containsEntry("timeZone", "America/Phoenix").containsEntry("defaultRegion", "US");

        SyncConfig sync = config.syncs().get("crm-shop");
        assertThat(sync.appA()).isEqualTo("crm");
        assertThat(sync.appB()).isEqualTo("shop");
        assertThat(sync.side("shop")).isEqualTo(Side.B);

        ObjectSyncConfig object = sync.objects().get("contacts");
        assertThat(object.name()).isEqualTo("contacts");
        assertThat(object.typeA()).isEqualTo("contacts");
        assertThat(object.typeB()).isEqualTo("customers");
        assertThat(object.direction()).isEqualTo(Direction.TWO_WAY);
        assertThat(object.defaultApp()).isEqualTo(Side.A);
        assertThat(object.onlyWithEmail()).isTrue();
        assertThat(object.match()).isEqualTo(MatchConfig.DEFAULT);
        assertThat(object.filterB()).isEqualTo(new Filter(List.of(List.of(
                new Condition("country", FilterOperator.EQ, "FR", null, List.of())))));
        assertThat(object.filterA()).isEqualTo(new Filter(List.of(
                List.of(new Condition("lifecyclestage", FilterOperator.IN, null, null, List.of("customer", "lead"))),
                List.of(new Condition("createdate", FilterOperator.GTE, "2024-01-01", null, List.of())))));
        assertThat(object.filterPolicy()).isEqualTo(FilterPolicy.ENTRY);
        assertThat(object.deletesA()).isEqualTo(DeletePolicy.KEEP);
        assertThat(object.deletesB()).isEqualTo(DeletePolicy.KEEP);
        String mappings = "syncs.crm-shop.objects.contacts.mappings";
        assertThat(object.mappings()).containsExactly(
                new MappingConfig("email", "email_address", true, null, mappings + "[0]"),
                new MappingConfig("phone", "phone", false, null, mappings + "[1]"),
                new MappingConfig("notes", "remarks", true, Direction.A_TO_B, mappings + "[2]"));
        assertThat(object.enabled()).isTrue();
        assertThat(object.enforce()).isFalse();
        assertThat(object.keyPath()).isEqualTo("syncs.crm-shop.objects.contacts");

        assertThat(config.secrets()).containsExactlyInAnyOrder("crm-secret-pw", "pat-na1-xyz");
        assertThat(config.toString()).doesNotContain("crm-secret-pw", "pat-na1-xyz");
    }

    @Test
    void designExampleVerbatim_reportsOnlyTheUndefinedShopApp() {
        List<ConfigError> errors = errors(DESIGN_EXAMPLE, ENV);

        assertThat(errors).extracting(ConfigError::toString).containsExactly(
                "crmsync.yaml:25: syncs.crm-shop.apps[1]: unknown app \"shop\"; the apps are: crm, hubspot");
    }

    @Test
    void lineOf_findsEveryKeyPathOfTheFile() {
        CrmsyncConfig config = parse(DESIGN_EXAMPLE_WITH_SHOP, ENV);

        assertThat(config.lineOf("state")).isEqualTo(1);
        assertThat(config.lineOf("apps.crm.objects.contacts.table")).isEqualTo(9);
        assertThat(config.lineOf("apps.crm.objects.contacts.properties.interests.options[2]")).isEqualTo(16);
        assertThat(config.lineOf("syncs.crm-shop.objects.contacts.direction")).isEqualTo(32);
        assertThat(config.lineOf("syncs.crm-shop.objects.contacts.mappings[2].shop")).isEqualTo(46);
        assertThat(config.lineOf("syncs.crm-shop.objects.contacts.nothing")).isZero();
        assertThat(config.lineNear("syncs.crm-shop.objects.contacts.nothing")).isEqualTo(30);
    }

    @Test
    void malformedYaml_isOneProblemNamingLineColumnAndReason() {
        String yaml = """
                apps:
                  crm:
                    type: jdbc
                      url: x
                """;

        List<ConfigError> errors = errors(yaml);

        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).line()).isEqualTo(4);
        assertThat(errors.get(0).toString()).isEqualTo(
                "crmsync.yaml:4: malformed YAML at line 4, column 10: mapping values are not allowed here");
    }

    @Test
    void malformedYaml_withAnUnclosedFlowList_namesWhereTheListStarted() {
        String yaml = """
                apps:
                  crm: {type: jdbc}
                syncs:
                  s:
                    apps: [crm, shop
                """;

        ConfigError error = errors(yaml).get(0);

        assertThat(error.message()).startsWith("malformed YAML at line 6, column 1:")
                .contains("while parsing a flow sequence at line 5");
    }

    @Test
    void malformedYaml_fromAnUnquotedReferenceInAFlowMap_suggestsQuotingIt() {
        String yaml = "apps:\n  crm: {type: jdbc, password: ${PW}}\n";

        assertThat(errors(yaml, Map.of("PW", "x")).get(0).message())
                .endsWith("; inside {...} or [...], quote ${NAME} references: \"${NAME}\"");
    }

    @Test
    void threeErrorsInOneFile_areAllReportedSortedByLine() {
        String yaml = """
                apps:
                  crm: {type: jdbc}
                  shop:
                    url: x
                syncs:
                  crm-shop:
                    apps: [crm, shop]
                    objects:
                      contacts:
                        direcion: two-way
                        deletes: forever
                """;

        ConfigException e = ConfigFixtures.failure(yaml, Map.of());

        assertThat(e.errors()).extracting(ConfigError::line).containsExactly(3, 10, 11);
        assertThat(e.getMessage().lines()).containsExactly(
                "crmsync.yaml:3: apps.shop.type: is required; the connector type, e.g. type: jdbc",
                "crmsync.yaml:10: syncs.crm-shop.objects.contacts.direcion: unknown key; did you mean direction? "
                        + "expected one of: types, direction, defaultApp, onlyWithEmail, match, filters, filterPolicy, "
                        + "deletes, mappings, enabled, enforce, externalId, companyFromEmailDomain, freeMailDomains",
                "crmsync.yaml:11: syncs.crm-shop.objects.contacts.deletes: \"forever\" is not a delete policy; "
                        + "use keep or propagate");
    }

    @Test
    void unknownTopLevelKey_isReportedWithASuggestion() {
        String yaml = ConfigFixtures.withObjectSync("{}") + "sync: {}\n";

        assertThat(errors(yaml)).extracting(ConfigError::toString).containsExactly(
                "crmsync.yaml:10: sync: unknown key; did you mean syncs? expected one of: state, apps, syncs, serve");
    }

    @Test
    void unknownAppInASync_namesTheAppsThatExist() {
        String yaml = """
                apps:
                  crm: {type: jdbc}
                  shop: {type: jdbc}
                syncs:
                  crm-billing:
                    apps: [crm, billing]
                    objects: {contacts: {}}
                """;

        assertThat(errors(yaml)).extracting(ConfigError::toString).containsExactly(
                "crmsync.yaml:6: syncs.crm-billing.apps[1]: unknown app \"billing\"; the apps are: crm, shop");
    }

    @Test
    void syncWithOneAppOrTheSameAppTwice_isRefused() {
        String yaml = """
                apps:
                  crm: {type: jdbc}
                syncs:
                  one: {apps: [crm], objects: {contacts: {}}}
                  same: {apps: [crm, crm], objects: {contacts: {}}}
                """;

        assertThat(errors(yaml)).extracting(ConfigError::toString).containsExactly(
                "crmsync.yaml:4: syncs.one.apps: must list exactly two apps, e.g. apps: [crm, shop]",
                "crmsync.yaml:5: syncs.same.apps: the two apps of a sync must differ");
    }

    @Test
    void emptyFile_needsAnAppAndASync() {
        assertThat(errors("")).extracting(ConfigError::keyPath).containsExactly("apps", "syncs");
        assertThat(errors("# nothing yet\n")).hasSize(2);
    }

    @Test
    void fileThatIsAList_isRefused() {
        assertThat(errors("- apps\n").get(0).message()).startsWith("the file must be a map");
    }

    @Test
    void duplicateKey_namesTheLineOfTheFirst() {
        String yaml = ConfigFixtures.withObjectSync("""
                direction: two-way
                direction: "crm -> shop"
                """);

        assertThat(errors(yaml)).extracting(ConfigError::toString).containsExactly(
                "crmsync.yaml:10: syncs.crm-shop.objects.contacts.direction: duplicate key; first given at line 9");
    }

    @Test
    void missingFile_isAConfigProblem(@TempDir Path dir) {
        Path file = dir.resolve("crmsync.yaml");

        assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
                .isInstanceOf(ConfigException.class).hasMessage(file + ": no such file; use --config FILE or run in"
                        + " the folder holding crmsync.yaml");
    }

    @Test
    void directoryGivenAsTheFile_saysItIsADirectory(@TempDir Path dir) {
        assertThatThrownBy(() -> ConfigLoader.load(dir, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(dir + ": is a directory, not a config file; use --config FILE");
    }

    @Test
    void stateAsWrittenInTheReadme_isAPostgresUrlWithUserAndPassword() {
        String yaml = """
                state:
                  url: jdbc:postgresql://db.example.com/crmsync
                  user: crmsync
                  password: ${STATE_PASSWORD}
                """ + ConfigFixtures.withObjectSync("{}");

        CrmsyncConfig config = parse(yaml, Map.of("STATE_PASSWORD", "st-pw-9"));

        assertThat(config.state()).isEqualTo(new StateConfig("jdbc:postgresql://db.example.com/crmsync", "crmsync",
                "st-pw-9"));
    }

    @Test
    void load_readsTheFileAndKeepsItsName(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("crmsync.yaml");
        Files.writeString(file, ConfigFixtures.withObjectSync("{}"));

        CrmsyncConfig config = ConfigLoader.load(file, Map.of());

        assertThat(config.file()).isEqualTo(file);
        assertThat(config.errorAt("syncs.crm-shop.objects.contacts.types", "bad").toString())
                .isEqualTo(file + ":8: syncs.crm-shop.objects.contacts.types: bad");
    }

    @Test
    void yamlMergeKeys_shareSettingsBetweenObjectSyncs() {
        String yaml = """
                apps:
                  crm: {type: jdbc}
                  shop: {type: jdbc}
                syncs:
                  crm-shop:
                    apps: [crm, shop]
                    objects:
                      contacts: &common
                        direction: "crm -> shop"
                        deletes: propagate
                      companies:
                        <<: *common
                        deletes: keep
                """;

        ObjectSyncConfig companies = parse(yaml).syncs().get("crm-shop").objects().get("companies");

        assertThat(companies.direction()).isEqualTo(Direction.A_TO_B);
        assertThat(companies.deletesA()).isEqualTo(DeletePolicy.KEEP);
        assertThat(companies.typeB()).isEqualTo("companies");
    }

    @Test
    void state_asAMapWithAPasswordFromTheEnvironment() {
        String yaml = "state: {url: \"jdbc:postgresql://db/crmsync\", user: sync, password: \"${PG_PW}\"}\n"
                + ConfigFixtures.withObjectSync("{}");

        CrmsyncConfig config = parse(yaml, Map.of("PG_PW", "pg-pass-123"));

        assertThat(config.state()).isEqualTo(new StateConfig("jdbc:postgresql://db/crmsync", "sync", "pg-pass-123"));
        assertThat(config.state().toString()).doesNotContain("pg-pass-123");
        assertThat(config.secrets()).contains("pg-pass-123");
    }

    @Test
    void state_absent_isTheEmbeddedDefault() {
        assertThat(parse(ConfigFixtures.withObjectSync("{}")).state().url())
                .isEqualTo("jdbc:h2:file:./.crmsync/state");
    }
}

package io.crmsync.connector.jdbc;

import io.crmsync.api.AppSettings;
import io.crmsync.api.ConfigProblem;
import io.crmsync.api.Connector;
import io.crmsync.api.ConnectorException;
import io.crmsync.api.ConnectorFactory;
import io.crmsync.api.FailureCategory;
import io.crmsync.api.ObjectSchema;
import io.crmsync.api.PropertyOption;
import io.crmsync.api.PropertyType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Settings validation and opening, without a database. */
class JdbcConnectorFactoryTest {
    private final JdbcConnectorFactory factory = new JdbcConnectorFactory();

    @Test
    void serviceLoader_jdbcType_findsThisFactory() {
        assertThat(ServiceLoader.load(ConnectorFactory.class).stream().map(p -> p.get().type()))
                .contains("jdbc");
    }

    @Test
    void validate_ownerTypeWithoutUsersTable_isAProblemOnItsType_noneWithOne() {
        Map<String, Object> object = contacts("contacts", "id", "owner_id", "owner");

        assertThat(factory.validate(settings(object))).singleElement().satisfies(p -> {
            assertThat(p.path()).endsWith(".type");
            assertThat(p.message()).contains("type owner needs the app's users table");
        });
        Map<String, Object> values = new LinkedHashMap<>(settings(object).values());
        values.put("users", Map.of("table", "users", "id", "id", "email", "email"));
        assertThat(factory.validate(new AppSettings("crm", "jdbc", values, Set.of()))).isEmpty();
    }

    @Test
    void validate_associationToAnObjectTypeTheAppLacks_isAProblemOnThatAssociation() {
        Map<String, Object> object = contacts("contacts", "id", "email", "string");
        object.put("associations", Map.of("companies", "company_id"));

        assertThat(factory.validate(settings(object))).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("objects.contacts.associations.companies");
            assertThat(p.message()).contains("no object type \"companies\"").contains("contacts");
        });
    }

    @Test
    void validate_joinTableAssociation_reportsMisspeltKeySameColumnsAndMissingObjectType() {
        Map<String, Object> object = contacts("contacts", "id", "email", "string");
        object.put("associations", new LinkedHashMap<>(Map.of(
                "deals", Map.of("table", "deal_contacts", "to", "deal_id", "form", "contact_id"),
                "contacts", Map.of("table", "contact_links", "from", "a_id", "to", "A_ID"))));

        List<ConfigProblem> problems = factory.validate(settings(object));

        assertThat(problems).extracting(ConfigProblem::path).containsExactlyInAnyOrder(
                "objects.contacts.associations.deals.form", "objects.contacts.associations.contacts.to");
        assertThat(problems).filteredOn(p -> p.path().endsWith("deals.form")).extracting(ConfigProblem::message)
                .containsExactly("unknown key; did you mean from? known keys: from, table, to");
        assertThat(problems).filteredOn(p -> p.path().endsWith("contacts.to")).extracting(ConfigProblem::message)
                .allMatch(m -> m.contains("must differ from \"from\""));

        object.put("associations", Map.of("companies", Map.of("table", "contact_companies", "from", "contact_id",
                "to", "company_id")));
        assertThat(factory.validate(settings(object))).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("objects.contacts.associations.companies");
            assertThat(p.message()).contains("no object type \"companies\"");
        });
    }

    @Test
    void schema_joinTableAndForeignKeyAssociations_manyAndSingleValuedProperties() {
        Map<String, Object> object = contacts("contacts", "id", "email", "string");
        object.put("associations", Map.of("contacts", "referrer_id"));
        Map<String, Object> deals = contacts("deals", "id", "name", "string");
        deals.put("associations", Map.of("contacts", Map.of("table", "deal_contacts", "from", "deal_id",
                "to", "contact_id"), "companies", "company_id"));
        Map<String, Object> companies = contacts("companies", "id", "name", "string");
        AppSettings app = new AppSettings("crm", "jdbc", Map.of("url", "jdbc:sqlite::memory:", "objects",
                Map.of("contacts", object, "deals", deals, "companies", companies)), Set.of());

        assertThat(factory.validate(app)).isEmpty();
        try (Connector connector = factory.open(app)) {
            ObjectSchema schema = connector.schema("deals");
            assertThat(schema.properties().get("@contacts").manyAssociated()).isTrue();
            assertThat(schema.properties().get("@companies").manyAssociated()).isFalse();
            assertThat(schema.properties().get("@companies").associatedType()).isEqualTo("companies");
        }
    }

    @Test
    void validate_completeSettings_noProblem() {
        assertThat(factory.validate(settings(contacts("crm.contacts", "id", "email", "string")))).isEmpty();
    }

    @Test
    void validate_invalidIdentifiersAndType_reportsEveryProblemWithItsPath() {
        Map<String, Object> object = contacts("contacts; drop table x", "id)", "first name", "text");
        object.put("updatedAt", "2nd");

        List<ConfigProblem> problems = factory.validate(settings(object));

        assertThat(problems).extracting(ConfigProblem::path).containsExactlyInAnyOrder(
                "objects.contacts.table", "objects.contacts.id", "objects.contacts.updatedAt",
                "objects.contacts.properties.email.column", "objects.contacts.properties.email.type");
        assertThat(problems).filteredOn(p -> p.path().endsWith("email.type"))
                .extracting(ConfigProblem::message).allMatch(m -> m.contains("\"text\"") && m.contains("string"));
    }

    @Test
    void validate_missingUrlObjectsTableIdAndColumn_reportsEach() {
        assertThat(factory.validate(new AppSettings("crm", "jdbc", Map.of(), Set.of())))
                .extracting(ConfigProblem::path).containsExactlyInAnyOrder("url", "objects");

        Map<String, Object> object = new LinkedHashMap<>();
        object.put("properties", Map.of("email", Map.of("type", "string")));
        assertThat(factory.validate(settings(object))).extracting(ConfigProblem::path).containsExactlyInAnyOrder(
                "objects.contacts.table", "objects.contacts.id", "objects.contacts.properties.email.column");
    }

    @Test
    void validate_duplicateColumnsUnknownKeysAndMisplacedOptions_reportsEach() {
        Map<String, Object> object = contacts("contacts", "id", "email", "string");
        object.put("properties", new LinkedHashMap<>(Map.of(
                "email", Map.of("column", "email"),
                "mail", Map.of("column", "EMAIL", "colour", "red"),
                "seats", Map.of("column", "seats", "type", "number", "options", List.of("a")),
                "key", Map.of("column", "id"))));

        assertThat(factory.validate(settings(object))).extracting(ConfigProblem::path).contains(
                "objects.contacts.properties.mail.colour", "objects.contacts.properties.seats.options",
                "objects.contacts.properties.key.column")
                .anyMatch(p -> p.endsWith("email.column") || p.endsWith("mail.column"));
    }

    @Test
    void validate_urlWithoutDriverOnClassPath_reportsUrlWithSupportedDatabases() {
        AppSettings mysql = withUrl("jdbc:mysql://db.example.com/crm?password=hunter22");

        List<ConfigProblem> problems = factory.validate(mysql);

        assertThat(problems).containsExactly(new ConfigProblem("url",
                "no JDBC driver for jdbc:mysql:...; supported: sqlite, h2, postgresql"));
    }

    @Test
    void validate_missingSqliteFile_reportsUrlWithWorkingDirectoryAndCreatesNothing(@TempDir Path dir) {
        Path missing = dir.resolve("shopX.db");
        String relative = Path.of("").toAbsolutePath().relativize(missing).toString();

        List<ConfigProblem> absolute = factory.validate(withUrl("jdbc:sqlite:" + missing));
        List<ConfigProblem> fromCwd = factory.validate(withUrl("jdbc:sqlite:" + relative));

        assertThat(absolute).containsExactly(new ConfigProblem("url", "database file not found: " + missing));
        assertThat(fromCwd).containsExactly(new ConfigProblem("url", "database file not found: " + relative
                + " (relative to the working directory " + Path.of("").toAbsolutePath() + ")"));
        assertThat(missing).doesNotExist();
    }

    @Test
    void validate_sqliteInMemoryOrExistingFile_noUrlProblem(@TempDir Path dir) throws Exception {
        Path db = Files.createFile(dir.resolve("crm.db"));

        assertThat(factory.validate(withUrl("jdbc:sqlite:" + db))).isEmpty();
        assertThat(factory.validate(withUrl("jdbc:sqlite:file:" + db + "?mode=ro"))).isEmpty();
        assertThat(factory.validate(withUrl("jdbc:sqlite::memory:"))).isEmpty();
        assertThat(factory.validate(withUrl("jdbc:sqlite:file:x?mode=memory&cache=shared"))).isEmpty();
        assertThat(factory.validate(withUrl("jdbc:h2:mem:x"))).isEmpty();
    }

    @Test
    void validate_misspeltKeys_suggestTheKnownKeyWithoutAlsoReportingItMissing() {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("tabel", "contacts");
        object.put("id", "id");
        object.put("properties", Map.of("email", Map.of("colum", "email", "type", "string")));

        List<ConfigProblem> problems = factory.validate(settings(object));

        assertThat(problems).extracting(ConfigProblem::path).containsExactlyInAnyOrder(
                "objects.contacts.tabel", "objects.contacts.properties.email.colum");
        assertThat(problems).filteredOn(p -> p.path().endsWith("tabel")).extracting(ConfigProblem::message)
                .containsExactly("unknown key; did you mean table? known keys: associations, changeTrigger, id, properties, table, updatedAt");
        assertThat(problems).filteredOn(p -> p.path().endsWith("colum")).extracting(ConfigProblem::message)
                .allMatch(m -> m.startsWith("unknown key; did you mean column? "));
    }

    @Test
    void open_invalidSettings_throwsListingProblemsWithoutSecret() {
        AppSettings bad = new AppSettings("crm", "jdbc", Map.of("url", "postgres://x?password=hunter22",
                "password", "hunter22"), Set.of("hunter22"));

        assertThatThrownBy(() -> factory.open(bad)).isInstanceOf(ConnectorException.class)
                .hasMessageContaining("app crm").hasMessageContaining("url").hasMessageNotContaining("hunter22");
    }

    @Test
    void schema_configuredProperties_reportsTypesOptionsDelimiterAndFlags() {
        Map<String, Object> object = contacts("contacts", "id", "email", "string");
        object.put("properties", new LinkedHashMap<>(Map.of(
                "email", Map.of("column", "email", "unique", true),
                "status", Map.of("column", "status", "type", "ENUMERATION",
                        "options", List.of(Map.of("value", "a", "label", "Active"), "b")),
                "tags", Map.of("column", "tags", "type", "multiselect", "delimiter", "|", "readOnly", "true"))));

        try (Connector connector = factory.open(settings(object))) {
            ObjectSchema schema = connector.schema("contacts");

            assertThat(schema.properties().get("email").unique()).isTrue();
            assertThat(schema.properties().get("status").type()).isEqualTo(PropertyType.ENUMERATION);
            assertThat(schema.properties().get("status").options())
                    .containsExactly(new PropertyOption("a", "Active"), PropertyOption.of("b"));
            assertThat(schema.properties().get("tags").delimiter()).isEqualTo("|");
            assertThat(schema.properties().get("tags").readOnly()).isTrue();
            assertThatThrownBy(() -> connector.schema("deals")).isInstanceOf(ConnectorException.class)
                    .extracting(e -> ((ConnectorException) e).category()).isEqualTo(FailureCategory.UNKNOWN_PROPERTY);
        }
    }

    private static Map<String, Object> contacts(String table, String id, String column, String type) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("table", table);
        object.put("id", id);
        object.put("properties", Map.of("email", Map.of("column", column, "type", type)));
        return object;
    }

    private static AppSettings withUrl(String url) {
        return new AppSettings("crm", "jdbc", Map.of("url", url, "objects",
                Map.of("contacts", contacts("contacts", "id", "email", "string"))), Set.of());
    }

    @Test
    void validate_changeTriggerOnSqlite_namesTheKeyAndReconciliation() {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("table", "contacts");
        object.put("id", "id");
        object.put("changeTrigger", true);
        object.put("properties", Map.of("email", Map.of("column", "email", "type", "string")));

        List<ConfigProblem> problems = factory.validate(settings(object));

        assertThat(problems).extracting(ConfigProblem::path).containsExactly("objects.contacts.changeTrigger");
        assertThat(problems.get(0).message()).contains("needs PostgreSQL").contains("crmsync run --reconcile");
    }

    @Test
    void validate_changeTriggerNotABoolean_isReported() {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("table", "contacts");
        object.put("id", "id");
        object.put("changeTrigger", "sometimes");
        object.put("properties", Map.of("email", Map.of("column", "email", "type", "string")));

        assertThat(factory.validate(settings(object))).extracting(ConfigProblem::path, ConfigProblem::message)
                .contains(org.assertj.core.api.Assertions.tuple("objects.contacts.changeTrigger", "must be true or false"));
    }

    private static AppSettings settings(Map<String, Object> contacts) {
        return new AppSettings("crm", "jdbc", Map.of("url", "jdbc:sqlite::memory:",
                "objects", Map.of("contacts", contacts)), Set.of());
    }
}

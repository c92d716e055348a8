package io.crmsync.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.app.cli.CliFixture.Result;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mistakes in the URLs, tables and columns of a config: each a usage error (exit code 2) at the line of the key
 * to fix, found before anything is created or connected to where possible.
 */
class ConfigErrorsTest {
    @TempDir
    Path dir;

    CliFixture fx;

    @BeforeEach
    void setUp() {
        fx = new CliFixture(dir);
    }

    @Test
    void anAppUrlWithoutADriverIsAConfigErrorAtItsUrlLine() {
        String yaml = fx.yaml().replace("url: jdbc:sqlite:" + path(fx.shopDb), "url: jdbc:mysql://db.example.com/shop");
        fx.writeConfig(yaml);

        Result r = fx.cli("validate");

        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: " + fx.config + ":" + lineOf(yaml, "jdbc:mysql") + ": apps.shop.url: "
                + "no JDBC driver for jdbc:mysql:...; supported: sqlite, h2, postgresql\n");
    }

    @Test
    void aStateUrlWithoutADriverIsAConfigErrorForValidateAndRun() {
        fx.writeConfig(fx.yaml().replaceFirst("state: .*", "state: jdbc:nosuchdb:foo"));

        for (String command : new String[] {"validate", "run", "status"}) {
            Result r = fx.cli(command);

            assertThat(r.code()).as(command + ": " + r.err()).isEqualTo(2);
            assertThat(r.err()).as(command).startsWith("error: " + fx.config + ":1: state: jdbc:nosuchdb:... cannot"
                    + " hold the state store");
        }
    }

    @Test
    void aSqliteStateUrl_isAConfigError_andCreatesNoFile() {
        fx.writeConfig(fx.yaml().replaceFirst("state: .*", "state: jdbc:sqlite:state-here.db"));

        Result r = fx.cli("validate");

        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("jdbc:sqlite:... cannot hold the state store; it can be h2 or postgresql");
        assertThat(java.nio.file.Path.of("state-here.db")).doesNotExist();
    }

    @Test
    void aStateUrlThatIsNotJdbcIsAConfigErrorNamingTheKey() {
        fx.writeConfig(fx.yaml().replaceFirst("state: .*", "state: {url: ./state.db}"));

        Result r = fx.cli("validate");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: " + fx.config + ":1: state.url: the state store needs a JDBC URL"
                + " starting with \"jdbc:\"");
    }

    @Test
    void validateOpensTheStateStoreAndAnUnreachableOneExits3() {
        fx.writeConfig(fx.yaml().replaceFirst("state: .*", "state: {url: \"jdbc:postgresql://127.0.0.1:1/state\","
                + " user: crmsync, password: \"st4tePW!\"}"));

        Result r = fx.cli("validate");

        assertThat(r.code()).as(r.err()).isEqualTo(3);
        assertThat(r.err()).startsWith("error: cannot open the state store");
        assertThat(r.all()).doesNotContain("st4tePW!").doesNotContain("config OK");
    }

    @Test
    void aMistypedSqlitePathIsReportedBeforeConnectingAndNoFileIsCreated() {
        Path typo = dir.resolve("shopX.db");
        String yaml = fx.yaml().replace("jdbc:sqlite:" + path(fx.shopDb), "jdbc:sqlite:" + path(typo));
        fx.writeConfig(yaml);

        Result r = fx.cli("validate");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: " + fx.config + ":" + lineOf(yaml, "shopX.db") + ": apps.shop.url: "
                + "database file not found: " + path(typo) + "\n");
        assertThat(typo).doesNotExist();
    }

    @Test
    void eachMissingTableOrColumnIsItsOwnErrorAtItsKeysLine() {
        // crm's email column, then shop's email and first name columns (shop's block comes second).
        String yaml = fx.yaml().replaceFirst("\\{column: email,", "{column: emial,")
                .replaceFirst("\\{column: email,", "{column: e_mail,");
        int shopFirstName = yaml.lastIndexOf("{column: first_name,");
        yaml = yaml.substring(0, shopFirstName) + "{column: fname," + yaml.substring(shopFirstName
                + "{column: first_name,".length());
        fx.writeConfig(yaml);

        Result r = fx.cli("validate");

        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().lines()).containsExactly(
                "error: " + fx.config + ":" + lineOf(yaml, "column: emial") + ": apps.crm.objects.contacts.properties."
                        + "email.column: column \"emial\" not found in table \"contacts\"",
                "error: " + fx.config + ":" + lineOf(yaml, "column: e_mail") + ": apps.shop.objects.contacts.properties."
                        + "email.column: column \"e_mail\" not found in table \"contacts\"",
                "error: " + fx.config + ":" + lineOf(yaml, "column: fname") + ": apps.shop.objects.contacts.properties."
                        + "firstname.column: column \"fname\" not found in table \"contacts\"");
    }

    @Test
    void aMissingTableIsReportedAtTheTableKeyWithoutRepeatingTheApp() {
        String yaml = fx.yaml().replaceFirst("table: contacts", "table: contactz");
        fx.writeConfig(yaml);

        Result r = fx.cli("validate");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: " + fx.config + ":" + lineOf(yaml, "table: contactz")
                + ": apps.crm.objects.contacts.table: table \"contactz\" not found\n");
    }

    @Test
    void anUnknownObjectTypeIsSaidOnceWithTheTypesTheAppHas() {
        String yaml = fx.yaml().replace("types: {crm: contacts, shop: contacts}", "types: {crm: contact, shop: contacts}");
        fx.writeConfig(yaml);

        Result r = fx.cli("validate");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: " + fx.config + ":" + lineOf(yaml, "types:")
                + ": syncs.crm-shop.objects.contacts.types.crm: app crm has no object type \"contact\"; its object"
                + " types are: contacts\n");
    }

    @Test
    void misspeltTableAndColumnKeysSuggestTheKeyAndComeInLineOrder() {
        String yaml = fx.yaml().replaceFirst("table: contacts", "tabel: contacts")
                .replaceFirst("firstname: \\{column: first_name", "firstname: {colum: first_name");
        fx.writeConfig(yaml);

        Result r = fx.cli("validate");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines()).containsExactly(
                "error: " + fx.config + ":" + lineOf(yaml, "tabel:") + ": apps.crm.objects.contacts.tabel: unknown key;"
                        + " did you mean table? known keys: associations, changeTrigger, id, properties, table, updatedAt",
                "error: " + fx.config + ":" + lineOf(yaml, "colum:") + ": apps.crm.objects.contacts.properties."
                        + "firstname.colum: unknown key; did you mean column? known keys: column, delimiter, options,"
                        + " readOnly, type, unique");
    }

    @Test
    void changeTriggerOnSqlite_isAnErrorAtItsLine_pointingToReconciliation() {
        String yaml = fx.yaml().replaceFirst("table: contacts", "table: contacts\n        changeTrigger: true");
        fx.writeConfig(yaml);

        Result r = fx.cli("validate");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: " + fx.config + ":" + lineOf(yaml, "changeTrigger:")
                + ": apps.crm.objects.contacts.changeTrigger: needs PostgreSQL (a jdbc:postgresql: url); on other"
                + " databases deletes are found by reconciliation (crmsync run --reconcile): remove the key\n");
    }

    @Test
    void aMistypedAppOfASyncIsOneErrorNotOnePerMapping() {
        String yaml = fx.yaml().replace("apps: [crm, shop]", "apps: [crm, shopp]");
        fx.writeConfig(yaml);

        Result r = fx.cli("validate");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("error: " + fx.config + ":" + lineOf(yaml, "apps: [crm, shopp]")
                + ": syncs.crm-shop.apps[1]: unknown app \"shopp\"; did you mean shop? the apps are: crm, shop\n");
    }

    static String path(Path p) {
        return p.toAbsolutePath().toString().replace('\\', '/');
    }

    static int lineOf(String text, String needle) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(needle)) {
                return i + 1;
            }
        }
        throw new AssertionError(needle);
    }
}

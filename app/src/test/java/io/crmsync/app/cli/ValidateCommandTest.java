package io.crmsync.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.app.cli.CliFixture.Result;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code crmsync validate} and the errors every command reports the same way, on real SQLite apps. */
class ValidateCommandTest {
    @TempDir
    Path dir;

    CliFixture fx;

    @BeforeEach
    void setUp() {
        fx = new CliFixture(dir);
    }

    @Test
    void aValidConfigIsDescribedWithItsMappings() {
        Result r = fx.cli("validate");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("config OK: 2 apps, 1 object sync\n")
                .contains("crm-shop/contacts: crm contacts ↔ shop contacts")
                .contains("direction:   two-way")
                .contains("default app: crm")
                .contains("match:       crm.email = shop.email (email)")
                .contains("crm.email ↔ shop.email (two-way)")
                .contains("crm.firstname ↔ shop.firstname (two-way)")
                .contains("crm.seats ↔ shop.seats (two-way)");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void aOneWayMappingAndATurnedOffOneAreShownAsSuch() {
        fx.writeConfig(fx.yaml().replace("- {crm: firstname, shop: firstname}",
                "- {crm: firstname, shop: firstname, direction: \"crm -> shop\"}\n"
                        + "          - {crm: seats, shop: seats, enabled: false}"));

        Result r = fx.cli("validate");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("crm.firstname → shop.firstname (crm -> shop)")
                .contains("turned off:\n    crm.seats ↔ shop.seats");
    }

    @Test
    void aNumberMappedOntoText_isShownOneWayWithHubSpotsRule() {
        String yaml = fx.yaml();
        int shopSeats = yaml.lastIndexOf("type: number}");
        fx.writeConfig(yaml.substring(0, shopSeats) + "type: string}" + yaml.substring(shopSeats + 13));

        Result r = fx.cli("validate");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("crm.seats → shop.seats (crm -> shop); one-way only: number and text: a number"
                + " is sent as text one way, never read back from text");
    }

    @Test
    void enumerationOptionsOneSideLacks_areListedPerDirection_matchingIgnoresCase() {
        fx.writeConfig(fx.yaml()
                .replaceFirst("seats:     \\{column: seats, type: number}",
                        "seats:     {column: seats, type: enumeration, options: [Five, Six]}")
                .replaceFirst("seats:     \\{column: seats, type: number}",
                        "seats:     {column: seats, type: enumeration, options: [five, Seven, Eight]}"));

        Result r = fx.cli("validate");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("  options with no counterpart (a record holding one fails that field,"
                + " INVALID_OPTION):\n    crm.seats → shop.seats: \"Six\"\n"
                + "    shop.seats → crm.seats: \"Seven\", \"Eight\"\n");
    }

    @Test
    void enumerationOptionsOnBothSides_noUnmatchedOptionsSection() {
        fx.writeConfig(fx.yaml().replace("seats:     {column: seats, type: number}",
                "seats:     {column: seats, type: enumeration, options: [five, six]}"));

        Result r = fx.cli("validate");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("crm.seats ↔ shop.seats (two-way)").doesNotContain("no counterpart");
    }

    @Test
    void sameNamedPropertiesOfIncompatibleTypes_areListedAsNotMapped() {
        fx.writeConfig(fx.yaml().replaceFirst("seats:     \\{column: seats, type: number}",
                "seats:     {column: seats, type: bool}"));

        Result r = fx.cli("validate");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("crm.seats ↔").contains("not mapped (same name in both apps):\n"
                + "    crm.seats / shop.seats: bool and number are not compatible types");
    }

    @Test
    void anAssociationWithoutItsObjectSync_isListedAsNotMappedWithTheReason() {
        for (Path db : new Path[] {fx.crmDb, fx.shopDb}) {
            CliFixture.sql(db, "CREATE TABLE companies (id INTEGER PRIMARY KEY, name TEXT)");
        }
        // Both apps have companies, associated from contacts, but the sync has no companies object sync.
        String companies = "      companies:\n        table: companies\n        id: id\n        properties:\n"
                + "          name: {column: name, type: string}\n";
        String yaml = fx.yaml().replace("updatedAt: updated_at\n", "updatedAt: updated_at\n"
                + "        associations: {companies: seats}\n").replaceAll(" *seats: +\\{column: seats, type: number}\n",
                "");
        int syncs = yaml.indexOf("syncs:");
        fx.writeConfig(yaml.substring(0, syncs).replace("    objects:\n      contacts:\n", "    objects:\n"
                + companies + "      contacts:\n") + yaml.substring(syncs));

        Result r = fx.cli("validate");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("not mapped (same name in both apps):\n    crm.@companies / shop.@companies: an"
                + " association, synced only with an enabled object sync of companies ↔ companies in this sync");
    }

    @Test
    void malformedYamlIsAUsageErrorNamingTheFileAndLine() {
        fx.writeConfig(fx.yaml().replace("    direction: two-way", "    direction: [two-way"));

        Result r = fx.cli("validate");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: ").contains(fx.config + ":");
        assertThat(r.err()).containsPattern("crmsync\\.yaml:\\d+");
        assertThat(r.all()).doesNotContain("\tat ");
    }

    @Test
    void anUnknownPropertyInAMappingIsNamedWithItsLine() {
        fx.writeConfig(fx.yaml().replace("- {crm: firstname, shop: firstname}", "- {crm: firstname, shop: frstname}"));
        int line = lineOf(fx.yaml(), "- {crm: firstname, shop: firstname}");

        Result r = fx.cli("validate");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("crmsync.yaml:" + line + ":").contains("\"frstname\"");
    }

    @Test
    void aMissingTableIsNamed() {
        fx.writeConfig(fx.yaml().replaceFirst("table: contacts", "table: contactz"));

        Result r = fx.cli("validate");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("contactz");
    }

    @Test
    void aMissingJoinTableIsNamedOnItsAssociationLine() {
        String yaml = fx.yaml().replaceFirst("updatedAt: updated_at\n", "updatedAt: updated_at\n"
                + "        associations: {contacts: {table: contact_links, from: contact_id, to: referrer_id}}\n");
        fx.writeConfig(yaml);
        int line = lineOf(yaml, "associations: {contacts:");

        Result r = fx.cli("validate");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("crmsync.yaml:" + line + ":").contains("join table \"contact_links\" not found");
    }

    @Test
    void anUnreachableDatabaseExits3AndNeverPrintsThePassword() {
        fx.writeConfig(fx.yaml().replace("url: jdbc:sqlite:" + fx.shopDb.toAbsolutePath(),
                "url: jdbc:postgresql://127.0.0.1:1/x\n    user: crmsync\n    password: s3cretPW!"));

        for (String command : new String[] {"validate", "plan", "run"}) {
            Result r = fx.cli(command);

            assertThat(r.code()).as(command + ": " + r.err()).isEqualTo(3);
            assertThat(r.err()).as(command).startsWith("error: ").contains("127.0.0.1");
            assertThat(r.all()).as(command).doesNotContain("s3cretPW!").doesNotContain("\tat ");
        }
    }

    @Test
    void anUnreachableStateStoreExits3AndNeverPrintsItsPassword() {
        fx.writeConfig(fx.yaml().replaceFirst("state: .*", "state: {url: \"jdbc:postgresql://127.0.0.1:1/state\","
                + " user: crmsync, password: \"st4tePW!\"}"));

        Result r = fx.cli("status");

        assertThat(r.code()).as(r.err()).isEqualTo(3);
        assertThat(r.err()).startsWith("error: cannot open the state store");
        assertThat(r.all()).doesNotContain("st4tePW!").doesNotContain("\tat ");
    }

    @Test
    void aMissingConfigFileIsAUsageError() {
        Result r = CliFixture.run("validate", "--config", dir.resolve("nope.yaml").toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).startsWith("error: ").contains("nope.yaml");
    }

    @Test
    void anUnknownObjectSyncIsAUsageError() {
        Result r = fx.cli("status", "--sync", "crm-shop", "--object", "deals");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no object sync named crm-shop/deals");
    }

    @Test
    void usageErrorsExit2WithAHint() {
        assertThat(CliFixture.run().code()).isEqualTo(2);
        Result unknown = CliFixture.run("validate", "--frobnicate");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("error: Unknown option: '--frobnicate'").contains("--help");
        assertThat(CliFixture.run("nosuchcommand").code()).isEqualTo(2);
        assertThat(fx.cli("plan", "--sample", "x").code()).isEqualTo(2);
    }

    @Test
    void helpAndVersionExit0() {
        Result help = CliFixture.run("--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("validate", "plan", "run", "status", "records", "quickstart");
        Result version = CliFixture.run("--version");
        assertThat(version.out()).contains("0.1.0");
        assertThat(CliFixture.run("records", "--help").out()).contains("--export", "--columns", "--since");
    }

    private static int lineOf(String text, String needle) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(needle)) {
                return i + 1;
            }
        }
        throw new AssertionError(needle);
    }
}

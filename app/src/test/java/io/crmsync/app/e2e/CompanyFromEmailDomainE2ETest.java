package io.crmsync.app.e2e;

import static io.crmsync.app.e2e.Jdbc.exec;
import static io.crmsync.app.e2e.Jdbc.query;
import static io.crmsync.app.e2e.Runs.runAll;
import static io.crmsync.app.e2e.Runs.writeConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.crmsync.app.bind.Workspace;
import io.crmsync.app.cli.CliRun;
import io.crmsync.app.config.ConfigError;
import io.crmsync.app.config.ConfigException;
import io.crmsync.engine.run.RunReport;
import io.crmsync.engine.value.FreeMailDomains;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contacts option {@code companyFromEmailDomain} between two SQLite apps whose contacts hold a company foreign
 * key (field case C-05): a contact without a company gets the company of its email domain in each app, never a
 * free-mail one, never one of several, never over the company it has; off by default.
 */
class CompanyFromEmailDomainE2ETest {
    @TempDir
    Path dir;

    private String url(String app) {
        return "jdbc:sqlite:" + dir.resolve(app + ".db");
    }

    @BeforeEach
    void tables() throws Exception {
        for (String app : List.of("a", "b")) {
            exec(url(app), "CREATE TABLE companies (id INTEGER PRIMARY KEY, name TEXT, domain TEXT, updated_at TEXT)",
                    "CREATE TABLE contacts (id INTEGER PRIMARY KEY, email TEXT, company_id INTEGER, updated_at TEXT)");
        }
    }

    /** Contacts by email and companies by domain (the defaults), with {@code contactsOptions} under contacts. */
    private Path config(String contactsOptions, String companiesOptions) throws Exception {
        String app = """
                    type: jdbc
                    url: "%s"
                    objects:
                      companies:
                        table: companies
                        id: id
                        updatedAt: updated_at
                        properties:
                          name: {column: name, type: string}
                          domain: {column: domain, type: string}
                      contacts:
                        table: contacts
                        id: id
                        updatedAt: updated_at
                        properties:
                          email: {column: email, type: string}
                        associations: {companies: company_id}
                """;
        String yaml = "state: jdbc:h2:file:" + dir.resolve("state") + "\napps:\n  a:\n" + app.formatted(url("a"))
                + "  b:\n" + app.formatted(url("b")) + """
                syncs:
                  a-b:
                    apps: [a, b]
                    objects:
                      contacts:
                        types: {a: contacts, b: contacts}
                %s
                      companies:
                        types: {a: companies, b: companies}
                %s
                """.formatted(indent(contactsOptions), indent(companiesOptions));
        return writeConfig(dir, yaml);
    }

    private static String indent(String options) {
        return options.lines().map(l -> "        " + l).reduce("", (x, y) -> x + y + "\n").stripTrailing();
    }

    private String companyOf(String app, String email) throws Exception {
        return query(url(app), "SELECT company_id FROM contacts WHERE email = '" + email + "'");
    }

    private String companyNamed(String app, String name) throws Exception {
        return query(url(app), "SELECT id FROM companies WHERE name = '" + name + "'");
    }

    @Test
    void c05_freeMailDomainOnTheConfiguredList_contactsStayWithoutCompany_andNoCompanyIsDerived() throws Exception {
        exec(url("a"), "INSERT INTO contacts VALUES (1, 'user.one@webmail.example', NULL, NULL),"
                + " (2, 'user.two@webmail.example', NULL, NULL)");
        exec(url("b"), "INSERT INTO companies VALUES (1, 'Webmail', 'webmail.example', NULL)");
        Path cfg = config("companyFromEmailDomain: true\nfreeMailDomains: [webmail.example]",
                "freeMailDomains: [webmail.example]");

        List<RunReport> first = runAll(cfg);

        assertThat(first).allSatisfy(r -> assertThat(r.counts().failed()).isZero());
        for (String app : List.of("a", "b")) {
            assertThat(companyOf(app, "user.one@webmail.example")).as(app).isNull();
            assertThat(companyOf(app, "user.two@webmail.example")).as(app).isNull();
            // B's own Webmail company is copied into A by the companies object sync; none is made from the emails.
            assertThat(query(url(app), "SELECT COUNT(*) FROM companies")).as(app).isEqualTo("1");
            assertThat(query(url(app), "SELECT name FROM companies")).as(app).isEqualTo("Webmail");
        }
        assertThat(runAll(cfg)).allSatisfy(r -> assertThat(r.counts().writes()).isZero());
    }

    @Test
    void c05_shippedFreeMailList_coversConsumerProviders_gmailContactNeverGetsTheGmailCompany() throws Exception {
        assertThat(FreeMailDomains.shipped()).contains("gmail.com", "outlook.com", "hotmail.com", "yahoo.com",
                "icloud.com", "aol.com", "gmx.de", "web.de");
        exec(url("a"), "INSERT INTO contacts VALUES (1, 'someone@GMAIL.com', NULL, NULL)");
        exec(url("b"), "INSERT INTO companies VALUES (1, 'Google', 'gmail.com', NULL)");

        runAll(config("companyFromEmailDomain: true", ""));

        assertThat(companyOf("a", "someone@GMAIL.com")).isNull();
        assertThat(companyOf("b", "someone@GMAIL.com")).isNull();
    }

    @Test
    void corporateDomain_contactsWithoutCompany_associatedInBothApps_secondRunWritesNothing() throws Exception {
        exec(url("a"), "INSERT INTO companies VALUES (1, 'Acme', 'https://www.Acme.example/about', NULL),"
                + " (2, 'Globex', 'globex.example', NULL)",
                "INSERT INTO contacts VALUES (1, 'Ann@ACME.example', NULL, NULL)");
        exec(url("b"), "INSERT INTO contacts VALUES (7, 'bob@acme.example', NULL, NULL)");
        Path cfg = config("companyFromEmailDomain: true", "");

        List<RunReport> first = runAll(cfg);

        assertThat(first).allSatisfy(r -> assertThat(r.counts().failed()).isZero());
        String acmeB = companyNamed("b", "Acme");
        assertThat(acmeB).isNotEqualTo("no row");
        assertThat(companyOf("a", "Ann@ACME.example")).isEqualTo("1");
        assertThat(companyOf("a", "bob@acme.example")).isEqualTo("1");
        assertThat(companyOf("b", "Ann@ACME.example")).isEqualTo(acmeB);
        assertThat(companyOf("b", "bob@acme.example")).isEqualTo(acmeB);
        assertThat(query(url("a"), "SELECT COUNT(*) FROM companies")).isEqualTo("2");

        List<RunReport> second = runAll(cfg);

        assertThat(second).allSatisfy(r -> assertThat(r.counts().writes()).as(r.object()).isZero());
    }

    @Test
    void contactAlreadyWithCompany_keepsIt() throws Exception {
        exec(url("a"), "INSERT INTO companies VALUES (1, 'Acme', 'acme.example', NULL),"
                + " (2, 'Globex', 'globex.example', NULL)",
                "INSERT INTO contacts VALUES (1, 'ann@acme.example', 2, NULL)");

        runAll(config("companyFromEmailDomain: true", ""));

        assertThat(companyOf("a", "ann@acme.example")).isEqualTo("2");
        assertThat(companyOf("b", "ann@acme.example")).isEqualTo(companyNamed("b", "Globex"));
    }

    @Test
    void twoCompaniesWithTheDomain_contactStaysWithoutCompany() throws Exception {
        exec(url("a"), "INSERT INTO companies VALUES (1, 'Acme', 'acme.example', NULL),"
                + " (2, 'Acme Europe', 'http://acme.example', NULL)",
                "INSERT INTO contacts VALUES (1, 'ann@acme.example', NULL, NULL)");

        List<RunReport> first = runAll(config("companyFromEmailDomain: true", ""));

        assertThat(companyOf("a", "ann@acme.example")).isNull();
        assertThat(companyOf("b", "ann@acme.example")).isNull();
        assertThat(first).allSatisfy(r -> assertThat(r.counts().failed()).isZero());
    }

    @Test
    void optionOffByDefault_contactStaysWithoutCompany() throws Exception {
        exec(url("a"), "INSERT INTO companies VALUES (1, 'Acme', 'acme.example', NULL)",
                "INSERT INTO contacts VALUES (1, 'ann@acme.example', NULL, NULL)");

        runAll(config("", ""));

        assertThat(companyOf("a", "ann@acme.example")).isNull();
        assertThat(companyOf("b", "ann@acme.example")).isNull();
    }

    @Test
    void validate_withoutAnEnabledCompaniesObjectSync_explainsWhatTheOptionNeeds_exit2() throws Exception {
        Path cfg = config("companyFromEmailDomain: true", "enabled: false");
        int line = Files.readAllLines(cfg).indexOf("        companyFromEmailDomain: true") + 1;

        CliRun.Result r = CliRun.run(Map.of(), "validate", "--config", cfg.toString());

        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(cfg + ":" + line + ": syncs.a-b.objects.contacts.companyFromEmailDomain: needs"
                + " the contacts' company association synced").contains("an enabled object sync of companies");
    }

    @Test
    void validate_showsTheOptionOnTheContactsObjectSync() throws Exception {
        Path cfg = config("companyFromEmailDomain: true", "");

        CliRun.Result r = CliRun.run(Map.of(), "validate", "--config", cfg.toString());

        assertThat(r.code()).as(r.err()).isZero();
        String contacts = r.out().substring(r.out().indexOf("a-b/contacts:"));
        assertThat(contacts).contains("company:     a contact without one gets the company of its email domain");
        assertThat(r.out().substring(r.out().indexOf("a-b/companies:"), r.out().indexOf("a-b/contacts:")))
                .doesNotContain("company:  ");
    }

    @Test
    void anEmailInTheFreeMailList_isAConfigErrorNamingTheItem() throws Exception {
        Path cfg = config("freeMailDomains: [webmail.example, user@mail.example]", "");

        ConfigException e = catchThrowableOfType(() -> Workspace.open(cfg, Map.of()).close(), ConfigException.class);

        assertThat(e).isNotNull();
        assertThat(e.errors()).extracting(ConfigError::keyPath)
                .contains("syncs.a-b.objects.contacts.freeMailDomains[1]");
        assertThat(e.errors()).extracting(ConfigError::message)
                .anySatisfy(m -> assertThat(m).contains("\"user@mail.example\" is not a mail domain"));
    }

    @Test
    void optionOnCompanies_isAConfigErrorNamingTheKey() throws Exception {
        Path cfg = config("", "companyFromEmailDomain: true");

        ConfigException e = catchThrowableOfType(() -> Workspace.open(cfg, Map.of()).close(), ConfigException.class);

        assertThat(e).isNotNull();
        assertThat(e.errors()).singleElement().satisfies(err -> {
            assertThat(err.keyPath()).isEqualTo("syncs.a-b.objects.companies.companyFromEmailDomain");
            assertThat(err.message()).startsWith("applies to contacts only");
        });
    }
}

package io.crmsync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.api.ObjectSchema;
import io.crmsync.api.PropertyDef;
import io.crmsync.api.PropertyType;
import io.crmsync.api.Record;
import io.crmsync.engine.model.DeletePolicy;
import io.crmsync.engine.model.Direction;
import io.crmsync.engine.model.Filter;
import io.crmsync.engine.model.Side;
import io.crmsync.engine.plan.CompanyFromDomain;
import io.crmsync.engine.plan.FieldMapping;
import io.crmsync.engine.plan.MatchStage;
import io.crmsync.engine.plan.ObjectSyncSettings;
import io.crmsync.engine.run.ObjectSyncRunner;
import io.crmsync.engine.run.RunOptions;
import io.crmsync.engine.run.RunReport;
import io.crmsync.engine.state.StateStore;
import io.crmsync.engine.value.KeyKind;
import io.crmsync.engine.value.ValueCodec;
import io.crmsync.testkit.InMemoryConnector;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contacts option {@code companyFromEmailDomain} (field case C-05): a contact without a company gets, in each
 * app, the one company of that app whose domain is its email domain; never for free-mail domains, never when the
 * domain is ambiguous, never over a company the contact has. In-memory apps and a real H2 state store.
 */
class CompanyFromEmailDomainTest {
    private static final PropertyDef NAME = PropertyDef.of("name", PropertyType.STRING);
    private static final PropertyDef DOMAIN = PropertyDef.of("domain", PropertyType.STRING);
    private static final PropertyDef EMAIL = PropertyDef.of("email", PropertyType.STRING);
    private static final PropertyDef COMPANY = PropertyDef.association("companies");
    private static final ObjectSchema COMPANIES = ObjectSchema.of("companies", List.of(NAME, DOMAIN));
    private static final ObjectSchema CONTACTS = ObjectSchema.of("contacts", List.of(EMAIL, COMPANY));
    private static final CompanyFromDomain OPTION = new CompanyFromDomain("companies",
            Map.of(Side.A, "email", Side.B, "email"), Map.of(Side.A, "companies", Side.B, "companies"),
            Map.of(Side.A, "domain", Side.B, "domain"));

    @TempDir
    Path dir;
    StateStore store;
    InMemoryConnector a;
    InMemoryConnector b;
    Direction contactsDirection = Direction.TWO_WAY;

    @BeforeEach
    void open() {
        store = StateStore.open("jdbc:h2:file:" + dir.resolve("state").toAbsolutePath(), null, null);
        a = new InMemoryConnector("a", List.of(COMPANIES, CONTACTS));
        b = new InMemoryConnector("b", List.of(COMPANIES, CONTACTS));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private ObjectSyncSettings settings(String object, ObjectSchema schema, Direction direction,
                                        List<FieldMapping> mappings, List<MatchStage> match) {
        return new ObjectSyncSettings("a-b", object, "a", "b", schema, schema, direction,
                direction.source() == null ? Side.A : direction.source(), true, match, Filter.NONE, Filter.NONE, false,
                Map.of(Side.A, DeletePolicy.KEEP, Side.B, DeletePolicy.KEEP), mappings, false, ValueCodec.utc(),
                Set.of("webmail.example"));
    }

    private RunReport run(ObjectSyncSettings s) {
        return new ObjectSyncRunner(s, a, b, store, RunOptions.defaults().withBackoff(1, 5), null).run();
    }

    private RunReport runBoth(CompanyFromDomain option) {
        run(settings("companies", COMPANIES, Direction.TWO_WAY, List.of(
                new FieldMapping(NAME, NAME, Direction.TWO_WAY, true, null),
                new FieldMapping(DOMAIN, DOMAIN, Direction.TWO_WAY, true, KeyKind.DOMAIN)),
                List.of(new MatchStage("domain", "domain", KeyKind.DOMAIN),
                        new MatchStage("name", "name", KeyKind.COMPANY_NAME))));
        return run(settings("contacts", CONTACTS, contactsDirection, List.of(
                new FieldMapping(EMAIL, EMAIL, contactsDirection, true, KeyKind.EMAIL),
                new FieldMapping(COMPANY, COMPANY, contactsDirection, true, null, "companies")),
                List.of(new MatchStage("email", "email", KeyKind.EMAIL))).withCompanyFromDomain(option));
    }

    private static String companyOf(InMemoryConnector app, String email) {
        return contact(app, email).get("@companies");
    }

    private static Record contact(InMemoryConnector app, String email) {
        return app.records("contacts").values().stream().filter(r -> email.equals(r.get("email"))).findFirst()
                .orElseThrow();
    }

    private static String companyNamed(InMemoryConnector app, String name) {
        return app.records("companies").values().stream().filter(r -> name.equals(r.get("name"))).findFirst()
                .orElseThrow().id();
    }

    @Test
    void corporateDomain_contactWithoutCompany_associatedInBothApps_secondRunWritesNothing() {
        String acmeA = a.put("companies", Map.of("name", "Acme", "domain", "https://www.ACME.example/"));
        a.put("companies", Map.of("name", "Globex", "domain", "globex.example"));
        a.put("contacts", Map.of("email", "Ann@Acme.Example"));
        String bob = b.put("contacts", Map.of("email", "bob@acme.example"));

        RunReport first = runBoth(OPTION);

        String acmeB = companyNamed(b, "Acme");
        assertThat(companyOf(a, "Ann@Acme.Example")).isEqualTo(acmeA);
        assertThat(companyOf(b, "Ann@Acme.Example")).isEqualTo(acmeB);
        assertThat(companyOf(b, "bob@acme.example")).isEqualTo(acmeB);
        assertThat(companyOf(a, "bob@acme.example")).isEqualTo(acmeA);
        assertThat(b.get("contacts", bob).get("@companies")).isEqualTo(acmeB);
        assertThat(first.counts().failed()).isZero();
        assertThat(a.records("companies")).hasSize(2);
        assertThat(b.records("companies")).hasSize(2);
        long contacts = store.findObjectSyncId("a-b", "contacts").orElseThrow();
        assertThat(store.runs().auditCount(contacts)).isEqualTo(first.counts().writes());

        RunReport second = runBoth(OPTION);

        assertThat(second.counts().writes()).isZero();
        assertThat(companyOf(a, "Ann@Acme.Example")).isEqualTo(acmeA);
    }

    @Test
    void incrementalRun_contactAddedLater_associatedInBothApps_thenNothingToWrite() {
        String acmeA = a.put("companies", Map.of("name", "Acme", "domain", "acme.example"));
        runBoth(OPTION);
        b.put("contacts", Map.of("email", "carl@acme.example"));

        RunReport incremental = runBoth(OPTION);

        assertThat(incremental.initial()).isFalse();
        assertThat(companyOf(b, "carl@acme.example")).isEqualTo(companyNamed(b, "Acme"));
        assertThat(companyOf(a, "carl@acme.example")).isEqualTo(acmeA);
        assertThat(runBoth(OPTION).counts().writes()).isZero();
    }

    @Test
    void contactAlreadyWithCompany_keepsIt_inBothApps() {
        a.put("companies", Map.of("name", "Acme", "domain", "acme.example"));
        String globexA = a.put("companies", Map.of("name", "Globex", "domain", "globex.example"));
        a.put("contacts", Map.of("email", "ann@acme.example", "@companies", globexA));

        runBoth(OPTION);

        assertThat(companyOf(a, "ann@acme.example")).isEqualTo(globexA);
        assertThat(companyOf(b, "ann@acme.example")).isEqualTo(companyNamed(b, "Globex"));
        assertThat(runBoth(OPTION).counts().writes()).isZero();
    }

    @Test
    void contactWithCompanyInOneAppOnly_otherAppGetsThatCompany_notTheDomainOne() {
        a.put("companies", Map.of("name", "Acme", "domain", "acme.example"));
        String globexA = a.put("companies", Map.of("name", "Globex", "domain", "globex.example"));
        runBoth(OPTION);
        a.put("contacts", Map.of("email", "ann@acme.example", "@companies", globexA));
        b.put("contacts", Map.of("email", "ann@acme.example"));

        runBoth(OPTION);

        assertThat(companyOf(a, "ann@acme.example")).isEqualTo(globexA);
        assertThat(companyOf(b, "ann@acme.example")).isEqualTo(companyNamed(b, "Globex"));
    }

    @Test
    void twoCompaniesWithTheDomain_contactStaysWithoutCompany() {
        a.put("companies", Map.of("name", "Acme", "domain", "acme.example"));
        a.put("companies", Map.of("name", "Acme Europe", "domain", "www.acme.example"));
        a.put("contacts", Map.of("email", "ann@acme.example"));

        RunReport report = runBoth(OPTION);

        assertThat(companyOf(a, "ann@acme.example")).isNull();
        assertThat(companyOf(b, "ann@acme.example")).isNull();
        assertThat(report.counts().updatedA()).isZero();
        assertThat(report.counts().failed()).isZero();
    }

    @Test
    void freeMailDomain_contactsStayWithoutCompany_andNoCompanyIsCreated() {
        b.put("companies", Map.of("name", "Webmail", "domain", "webmail.example"));
        a.put("contacts", Map.of("email", "user.one@webmail.example"));
        a.put("contacts", Map.of("email", "user.two@webmail.example"));

        runBoth(OPTION);

        for (InMemoryConnector app : List.of(a, b)) {
            assertThat(companyOf(app, "user.one@webmail.example")).isNull();
            assertThat(companyOf(app, "user.two@webmail.example")).isNull();
            assertThat(app.records("companies")).hasSize(1);
        }
    }

    @Test
    void optionOff_contactStaysWithoutCompany() {
        a.put("companies", Map.of("name", "Acme", "domain", "acme.example"));
        a.put("contacts", Map.of("email", "ann@acme.example"));

        runBoth(null);

        assertThat(companyOf(a, "ann@acme.example")).isNull();
        assertThat(companyOf(b, "ann@acme.example")).isNull();
    }

    @Test
    void companyWithDomainInOneAppOnly_otherAppGetsItsLinkedPartner() {
        String acmeA = a.put("companies", Map.of("name", "Acme", "domain", "acme.example"));
        // Linked by name; B's copy holds no domain, so B finds no company by the email domain itself.
        String acmeB = b.put("companies", Map.of("name", "ACME Inc."));
        b.put("contacts", Map.of("email", "ann@acme.example"));

        runBoth(OPTION);

        assertThat(companyOf(a, "ann@acme.example")).isEqualTo(acmeA);
        assertThat(companyOf(b, "ann@acme.example")).isEqualTo(acmeB);
    }

    @Test
    void oneWay_onlyTheDestinationIsAssociated() {
        contactsDirection = Direction.from(Side.A);
        String acmeA = a.put("companies", Map.of("name", "Acme", "domain", "acme.example"));
        a.put("contacts", Map.of("email", "ann@acme.example"));

        runBoth(OPTION);

        assertThat(companyOf(a, "ann@acme.example")).isNull();
        assertThat(companyOf(b, "ann@acme.example")).isEqualTo(companyNamed(b, "Acme"));
        assertThat(acmeA).isNotEqualTo(companyNamed(b, "Acme"));
    }

    @Test
    void oneWay_companyWithDomainOnlyInSource_destinationGetsItsLinkedPartner() {
        contactsDirection = Direction.from(Side.A);
        a.put("companies", Map.of("name", "Acme", "domain", "acme.example"));
        // Linked by name; B's copy holds no domain.
        String acmeB = b.put("companies", Map.of("name", "Acme"));
        a.put("contacts", Map.of("email", "ann@acme.example"));

        runBoth(OPTION);

        assertThat(companyOf(a, "ann@acme.example")).isNull();
        assertThat(companyOf(b, "ann@acme.example")).isEqualTo(acmeB);
    }

    @Test
    void emailDomain_normalisedLikeCompanyDomains_freeMailAndNonEmailsGiveNone() {
        assertThat(CompanyFromDomain.emailDomain(" Ann@WWW.Acme.Example. ", Set.of())).isEqualTo("acme.example");
        assertThat(CompanyFromDomain.emailDomain("ann@webmail.example", Set.of("webmail.example"))).isNull();
        assertThat(CompanyFromDomain.emailDomain("acme.example", Set.of())).isNull();
        assertThat(CompanyFromDomain.emailDomain("ann@", Set.of())).isNull();
        assertThat(CompanyFromDomain.emailDomain(null, Set.of())).isNull();
    }
}

package io.crmsync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.api.ObjectSchema;
import io.crmsync.api.PropertyDef;
import io.crmsync.api.PropertyType;
import io.crmsync.engine.model.Direction;
import io.crmsync.engine.plan.FieldMapping;
import io.crmsync.engine.plan.MatchStage;
import io.crmsync.engine.plan.ObjectSyncSettings;
import io.crmsync.engine.run.ObjectSyncRunner;
import io.crmsync.engine.run.RunOptions;
import io.crmsync.engine.run.RunReport;
import io.crmsync.engine.state.RecordRow;
import io.crmsync.engine.state.StateStore;
import io.crmsync.engine.value.KeyKind;
import io.crmsync.testkit.InMemoryConnector;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Association sync (DESIGN.md §2.6): a contact's company is an id in each app, translated through the companies
 * object sync's links; an association to a record not linked yet fails {@code ASSOCIATION} and is written once
 * the company is linked.
 */
class AssociationSyncTest {
    private static final PropertyDef NAME = PropertyDef.of("name", PropertyType.STRING);
    private static final PropertyDef DOMAIN = PropertyDef.of("domain", PropertyType.STRING);
    private static final PropertyDef EMAIL = PropertyDef.of("email", PropertyType.STRING);
    private static final PropertyDef COMPANY = PropertyDef.of("@companies", PropertyType.STRING);
    private static final ObjectSchema COMPANIES = ObjectSchema.of("companies", List.of(NAME, DOMAIN));
    private static final ObjectSchema CONTACTS = ObjectSchema.of("contacts", List.of(EMAIL, COMPANY));

    @TempDir
    Path dir;
    StateStore store;
    InMemoryConnector a;
    InMemoryConnector b;

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

    private static ObjectSyncSettings settings(String object, ObjectSchema schema, List<FieldMapping> mappings,
                                               List<MatchStage> match) {
        return SyncFixture.twoWay(object, schema, schema, mappings, match);
    }

    private RunReport run(ObjectSyncSettings s) {
        return new ObjectSyncRunner(s, a, b, store, RunOptions.defaults().withBackoff(1, 5), null).run();
    }

    private RunReport runBoth() {
        run(settings("companies", COMPANIES, List.of(new FieldMapping(NAME, NAME, Direction.TWO_WAY, true, null),
                new FieldMapping(DOMAIN, DOMAIN, Direction.TWO_WAY, true, KeyKind.DOMAIN)),
                List.of(new MatchStage("domain", "domain", KeyKind.DOMAIN))));
        return run(settings("contacts", CONTACTS, List.of(
                new FieldMapping(EMAIL, EMAIL, Direction.TWO_WAY, true, KeyKind.EMAIL),
                new FieldMapping(COMPANY, COMPANY, Direction.TWO_WAY, true, null, "companies")),
                List.of(new MatchStage("email", "email", KeyKind.EMAIL))));
    }

    private String companyOfB(String email) {
        return b.records("contacts").values().stream().filter(r -> email.equals(r.get("email"))).findFirst()
                .orElseThrow().get("@companies");
    }

    @Test
    void initialSync_contactsCompanyTranslatedThroughCompanyLinks_thenChangeFollowsAndSecondRunWritesNothing() {
        String acmeA = a.put("companies", Map.of("name", "Acme", "domain", "acme.example"));
        String globexA = a.put("companies", Map.of("name", "Globex", "domain", "globex.example"));
        String acmeB = b.put("companies", Map.of("name", "Acme", "domain", "acme.example"));
        b.put("companies", Map.of("name", "Filler", "domain", "filler.example"));
        String ann = a.put("contacts", Map.of("email", "ann@acme.example", "@companies", acmeA));

        RunReport first = runBoth();

        assertThat(first.counts().createdB()).isEqualTo(1);
        assertThat(companyOfB("ann@acme.example")).isEqualTo(acmeB);

        a.edit("contacts", ann, "@companies", globexA);
        RunReport second = runBoth();

        String globexB = b.records("companies").values().stream().filter(r -> "Globex".equals(r.get("name")))
                .findFirst().orElseThrow().id();
        assertThat(second.counts().updatedB()).isEqualTo(1);
        assertThat(companyOfB("ann@acme.example")).isEqualTo(globexB);
        assertThat(runBoth().counts().writes()).isZero();
    }

    @Test
    void associatedCompanyNotLinked_failsAssociationForThatField_thenWrittenOnceTheCompanyIsLinked() {
        String onlyInA = a.put("companies", Map.of("name", "Initech", "domain", "initech.example"));
        a.put("contacts", Map.of("email", "bob@initech.example", "@companies", onlyInA));
        // Contacts run before companies here: the company has no link yet.
        RunReport contactsFirst = run(settings("contacts", CONTACTS, List.of(
                new FieldMapping(EMAIL, EMAIL, Direction.TWO_WAY, true, KeyKind.EMAIL),
                new FieldMapping(COMPANY, COMPANY, Direction.TWO_WAY, true, null, "companies")),
                List.of(new MatchStage("email", "email", KeyKind.EMAIL))));

        assertThat(contactsFirst.counts().createdB()).isEqualTo(1);
        assertThat(companyOfB("bob@initech.example")).isNull();
        long os = store.findObjectSyncId("a-b", "contacts").orElseThrow();
        assertThat(store.runs().records(os, "FAILED", null, null, 10)).singleElement()
                .satisfies((RecordRow r) -> {
                    assertThat(r.reason()).isEqualTo("ASSOCIATION");
                    assertThat(r.message()).contains("companies record " + onlyInA + " in a is not linked");
                });

        runBoth();

        String initechB = b.records("companies").values().stream().filter(r -> "Initech".equals(r.get("name")))
                .findFirst().orElseThrow().id();
        assertThat(companyOfB("bob@initech.example")).isEqualTo(initechB);
        assertThat(store.runs().records(os, "FAILED", null, null, 10)).isEmpty();
    }
}

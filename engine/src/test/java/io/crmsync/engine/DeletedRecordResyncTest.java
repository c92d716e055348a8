package io.crmsync.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.crmsync.api.FailureCategory;
import io.crmsync.api.ObjectSchema;
import io.crmsync.api.PropertyDef;
import io.crmsync.api.PropertyType;
import io.crmsync.api.Record;
import io.crmsync.engine.model.Direction;
import io.crmsync.engine.model.Link;
import io.crmsync.engine.model.RecordState;
import io.crmsync.engine.model.Side;
import io.crmsync.engine.plan.FieldMapping;
import io.crmsync.engine.plan.MatchStage;
import io.crmsync.engine.plan.ObjectSyncSettings;
import io.crmsync.engine.run.DeletedRecordResync;
import io.crmsync.engine.run.ObjectSyncRunner;
import io.crmsync.engine.run.RunOptions;
import io.crmsync.engine.run.RunReport;
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
 * Resync of deleted records (DESIGN.md §2.5) between two in-memory apps with a real H2 state store: a contact
 * deleted in one app is re-created from its partner, with its company translated through the companies links,
 * and linked again.
 */
class DeletedRecordResyncTest {
    private static final PropertyDef NAME = PropertyDef.of("name", PropertyType.STRING);
    private static final PropertyDef DOMAIN = PropertyDef.of("domain", PropertyType.STRING);
    private static final PropertyDef EMAIL = PropertyDef.of("email", PropertyType.STRING).withUnique(true);
    private static final PropertyDef FIRSTNAME = PropertyDef.of("firstname", PropertyType.STRING);
    private static final PropertyDef COMPANY = PropertyDef.of("@companies", PropertyType.STRING);
    private static final ObjectSchema COMPANIES = ObjectSchema.of("companies", List.of(NAME, DOMAIN));
    private static final ObjectSchema CONTACTS = ObjectSchema.of("contacts", List.of(EMAIL, FIRSTNAME, COMPANY));

    @TempDir
    Path dir;
    StateStore store;
    InMemoryConnector a;
    InMemoryConnector b;
    ObjectSyncSettings contacts = contacts(Direction.TWO_WAY);
    final ObjectSyncSettings companies = SyncFixture.twoWay("companies", COMPANIES, COMPANIES, List.of(
            new FieldMapping(NAME, NAME, Direction.TWO_WAY, true, null),
            new FieldMapping(DOMAIN, DOMAIN, Direction.TWO_WAY, true, KeyKind.DOMAIN)),
            List.of(new MatchStage("domain", "domain", KeyKind.DOMAIN)));

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

    private static ObjectSyncSettings contacts(Direction direction) {
        ObjectSyncSettings s = SyncFixture.twoWay("contacts", CONTACTS, CONTACTS, List.of(
                new FieldMapping(EMAIL, EMAIL, direction, true, KeyKind.EMAIL),
                new FieldMapping(FIRSTNAME, FIRSTNAME, direction, true, null),
                new FieldMapping(COMPANY, COMPANY, direction, true, null, "companies")),
                List.of(new MatchStage("email", "email", KeyKind.EMAIL)));
        return direction == Direction.TWO_WAY ? s : SyncFixture.with(s, direction, Side.A);
    }

    private RunReport run(ObjectSyncSettings s) {
        return new ObjectSyncRunner(s, a, b, store, RunOptions.defaults().withBackoff(1, 5), null).run();
    }

    private int runBoth() {
        return run(companies).counts().writes() + run(contacts).counts().writes();
    }

    private DeletedRecordResync resync() {
        return new DeletedRecordResync(contacts, a, b, store, RunOptions.defaults().withBackoff(1, 5));
    }

    private static Record byEmail(InMemoryConnector app, String email) {
        return app.records("contacts").values().stream().filter(r -> email.equals(r.get("email"))).findFirst()
                .orElse(null);
    }

    private static long countEmail(InMemoryConnector app, String email) {
        return app.records("contacts").values().stream().filter(r -> email.equals(r.get("email"))).count();
    }

    private Link linkOf(Side side, String id) {
        long os = store.findObjectSyncId("a-b", "contacts").orElseThrow();
        return store.links().find(os, Map.of(side, List.of(id))).get(side).get(id);
    }

    /** Syncs Ann and Bob (both of Acme) into b, deletes them there, and runs until their links stand deleted. */
    private Map<String, String> syncThenDeleteInB() {
        String acme = a.put("companies", Map.of("name", "Acme", "domain", "acme.example"));
        String ann = a.put("contacts", Map.of("email", "ann@acme.example", "firstname", "Ann", "@companies", acme));
        String bob = a.put("contacts", Map.of("email", "bob@acme.example", "firstname", "Bob", "@companies", acme));
        runBoth();
        String annB = byEmail(b, "ann@acme.example").id();
        String bobB = byEmail(b, "bob@acme.example").id();
        b.remove("contacts", annB);
        b.remove("contacts", bobB);
        // The runner finds a linked record gone when it reads its partner's change.
        a.edit("contacts", ann, "firstname", "Anna");
        a.edit("contacts", bob, "firstname", "Bobby");
        runBoth();
        assertThat(linkOf(Side.A, ann).reason()).isEqualTo("RECORD_DELETED");
        assertThat(linkOf(Side.A, bob).reason()).isEqualTo("RECORD_DELETED");
        return Map.of("ann", ann, "bob", bob, "annB", annB, "bobB", bobB, "acme", acme);
    }

    @Test
    void deletedInB_resyncIntoB_recreatesFromA_withCompany_linksSyncing_andNextRunWritesNothing() {
        Map<String, String> ids = syncThenDeleteInB();

        DeletedRecordResync.Review review = resync().review(Side.B, null);
        assertThat(review.toCreate()).extracting(DeletedRecordResync.Candidate::survivorId,
                DeletedRecordResync.Candidate::deletedId, DeletedRecordResync.Candidate::name)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(ids.get("ann"), ids.get("annB"),
                        "ann@acme.example"), org.assertj.core.groups.Tuple.tuple(ids.get("bob"), ids.get("bobB"),
                        "bob@acme.example"));
        assertThat(byEmail(b, "ann@acme.example")).as("a review writes nothing").isNull();
        long os = store.findObjectSyncId("a-b", "contacts").orElseThrow();
        int auditBefore = store.runs().auditCount(os);

        DeletedRecordResync.Result result = resync().apply(review);

        assertThat(store.runs().last(os).orElseThrow().createdB()).as("the resync's run row").isEqualTo(2);
        assertThat(store.runs().auditCount(os) - auditBefore).as("audit rows").isEqualTo(2);
        assertThat(result.created()).isEqualTo(2);
        assertThat(result.failed()).isZero();
        Record ann = byEmail(b, "ann@acme.example");
        String acmeB = b.records("companies").values().stream().filter(r -> "Acme".equals(r.get("name")))
                .findFirst().orElseThrow().id();
        assertThat(ann.properties()).containsEntry("firstname", "Anna").containsEntry("@companies", acmeB);
        assertThat(ann.id()).isNotEqualTo(ids.get("annB"));
        Link link = linkOf(Side.A, ids.get("ann"));
        assertThat(link.state()).isEqualTo(RecordState.SYNCING);
        assertThat(link.idB()).isEqualTo(ann.id());
        assertThat(result.outcomes()).extracting(DeletedRecordResync.Outcome::newId).contains(ann.id());
        assertThat(runBoth()).as("writes of the next run").isZero();
        assertThat(resync().review(Side.B, null).candidates()).isEmpty();
        assertThat(countEmail(b, "ann@acme.example")).isEqualTo(1);
    }

    @Test
    void ids_selectByDeletedOrSurvivorId_othersStayDeleted_unknownIdReported() {
        Map<String, String> ids = syncThenDeleteInB();

        DeletedRecordResync.Review bySurvivor = resync().review(Side.B, List.of(ids.get("bob"), "nope"));
        DeletedRecordResync.Review byDeleted = resync().review(Side.B, List.of(ids.get("annB")));

        assertThat(bySurvivor.toCreate()).extracting(DeletedRecordResync.Candidate::survivorId)
                .containsExactly(ids.get("bob"));
        assertThat(bySurvivor.notFound()).containsOnlyKeys("nope");
        assertThat(byDeleted.toCreate()).extracting(DeletedRecordResync.Candidate::survivorId)
                .containsExactly(ids.get("ann"));
        resync().apply(byDeleted);
        assertThat(byEmail(b, "ann@acme.example")).isNotNull();
        assertThat(byEmail(b, "bob@acme.example")).isNull();
        assertThat(linkOf(Side.A, ids.get("bob")).reason()).isEqualTo("RECORD_DELETED");
    }

    @Test
    void intoTheAppThatStillHasTheRecord_listsNothing_andSaysWhereItWasDeleted() {
        Map<String, String> ids = syncThenDeleteInB();

        DeletedRecordResync.Review intoA = resync().review(Side.A, List.of(ids.get("ann")));

        assertThat(intoA.candidates()).isEmpty();
        assertThat(intoA.notFound().get(ids.get("ann"))).isEqualTo("deleted in b, not in a; resync it into b");
    }

    @Test
    void deletedInBothApps_isReported_notCreated() {
        Map<String, String> ids = syncThenDeleteInB();
        a.remove("contacts", ids.get("bob"));

        DeletedRecordResync.Review review = resync().review(Side.B, null);
        DeletedRecordResync.Result result = resync().apply(review);

        assertThat(review.skipped()).singleElement().satisfies(c -> {
            assertThat(c.deletedId()).isEqualTo(ids.get("bobB"));
            assertThat(c.problem()).startsWith("deleted in both apps");
        });
        assertThat(result.created()).isEqualTo(1);
        assertThat(b.records("contacts")).hasSize(1);
    }

    @Test
    void oneWayAToB_intoItsSourceA_isRefused_intoBWorks() {
        contacts = contacts(Direction.A_TO_B);
        String acme = a.put("companies", Map.of("name", "Acme", "domain", "acme.example"));
        String ann = a.put("contacts", Map.of("email", "ann@acme.example", "@companies", acme));
        runBoth();
        b.remove("contacts", byEmail(b, "ann@acme.example").id());
        a.edit("contacts", ann, "firstname", "Anna");
        runBoth();

        assertThatThrownBy(() -> resync().review(Side.A, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a-b/contacts is one-way a -> b: a is its source, so crmsync never writes records into"
                        + " it; records deleted there cannot be re-created by this object sync");
        assertThat(resync().apply(resync().review(Side.B, null)).created()).isEqualTo(1);
        assertThat(byEmail(b, "ann@acme.example").get("firstname")).isEqualTo("Anna");
    }

    @Test
    void associatedCompanyNotLinked_recordCreated_failsAssociation() {
        Map<String, String> ids = syncThenDeleteInB();
        String initech = a.put("companies", Map.of("name", "Initech", "domain", "initech.example"));
        a.edit("contacts", ids.get("ann"), "@companies", initech);

        DeletedRecordResync.Result result = resync().apply(resync().review(Side.B, List.of(ids.get("ann"))));

        assertThat(result.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.newId()).isNotNull();
            assertThat(o.state()).isEqualTo(RecordState.FAILED);
            assertThat(o.reason()).isEqualTo("ASSOCIATION");
            assertThat(o.message()).contains("companies record " + initech + " in a is not linked");
        });
        assertThat(byEmail(b, "ann@acme.example").get("@companies")).isNull();
        // Once the company is linked, the next run writes the association.
        runBoth();
        String initechB = b.records("companies").values().stream().filter(r -> "Initech".equals(r.get("name")))
                .findFirst().orElseThrow().id();
        assertThat(byEmail(b, "ann@acme.example").get("@companies")).isEqualTo(initechB);
        assertThat(linkOf(Side.A, ids.get("ann")).state()).isEqualTo(RecordState.SYNCING);
    }

    @Test
    void failureAfterTheAppWasWritten_rerunOfTheResyncAndRuns_createNoDuplicate() {
        Map<String, String> ids = syncThenDeleteInB();
        DeletedRecordResync.Review review = resync().review(Side.B, List.of(ids.get("ann")));
        b.setWriteHook(ops -> {
            throw new IllegalStateException("connection lost after the write");
        });

        assertThatThrownBy(() -> resync().apply(review)).hasMessageContaining("connection lost");
        b.setWriteHook(null);
        assertThat(countEmail(b, "ann@acme.example")).isEqualTo(1);

        DeletedRecordResync.Result again = resync().apply(review);

        assertThat(again.created()).isZero();
        assertThat(again.skipped()).hasSize(1);
        assertThat(countEmail(b, "ann@acme.example")).isEqualTo(1);
        Link link = linkOf(Side.A, ids.get("ann"));
        assertThat(link.state()).isEqualTo(RecordState.SYNCING);
        assertThat(link.idB()).isEqualTo(byEmail(b, "ann@acme.example").id());
        runBoth();
        assertThat(countEmail(b, "ann@acme.example")).isEqualTo(1);
        assertThat(runBoth()).isZero();
    }

    @Test
    void createRefusedByTheApp_reportedFailed_linkStaysDeleted_aLaterResyncCreatesItOnce() {
        Map<String, String> ids = syncThenDeleteInB();
        DeletedRecordResync.Review review = resync().review(Side.B, List.of(ids.get("ann")));
        b.failNextWrites(1, FailureCategory.PERMISSION);

        DeletedRecordResync.Result failed = resync().apply(review);

        assertThat(failed.outcomes()).singleElement().satisfies(o -> {
            assertThat(o.newId()).isNull();
            assertThat(o.state()).isEqualTo(RecordState.FAILED);
            assertThat(o.reason()).isEqualTo("PERMISSION");
        });
        assertThat(byEmail(b, "ann@acme.example")).isNull();
        Link link = linkOf(Side.A, ids.get("ann"));
        assertThat(link.reason()).isEqualTo("RECORD_DELETED");
        assertThat(link.idB()).isEqualTo(ids.get("annB"));
        assertThat(link.message()).startsWith("deleted in b; re-creating it failed: PERMISSION");

        assertThat(resync().apply(resync().review(Side.B, List.of(ids.get("ann")))).created()).isEqualTo(1);
        assertThat(countEmail(b, "ann@acme.example")).isEqualTo(1);
        assertThat(linkOf(Side.A, ids.get("ann")).state()).isEqualTo(RecordState.SYNCING);
        assertThat(runBoth()).isZero();
    }

    @Test
    void recordAlreadyRecreatedByHandInB_isLinkedNotDuplicated_andMergedByDefaultApp() {
        Map<String, String> ids = syncThenDeleteInB();
        String byHand = b.put("contacts", Map.of("email", "Ann@Acme.example", "firstname", "Annie"));

        DeletedRecordResync.Review review = resync().review(Side.B, List.of(ids.get("ann")));
        DeletedRecordResync.Result result = resync().apply(review);

        assertThat(review.toCreate()).singleElement().satisfies(c -> assertThat(c.existingId()).isEqualTo(byHand));
        assertThat(result.outcomes()).singleElement().satisfies(o -> assertThat(o.newId()).isEqualTo(byHand));
        assertThat(b.records("contacts")).hasSize(1);
        assertThat(b.get("contacts", byHand).get("firstname")).isEqualTo("Anna");
        long os = store.findObjectSyncId("a-b", "contacts").orElseThrow();
        assertThat(store.runs().last(os).orElseThrow()).satisfies(run -> {
            assertThat(run.matched()).isEqualTo(1);
            assertThat(run.createdB()).isZero();
            assertThat(run.updatedB()).isEqualTo(1);
        });
        assertThat(linkOf(Side.B, byHand).idA()).isEqualTo(ids.get("ann"));
        assertThat(runBoth()).isZero();
    }

    @Test
    void identifierHeldByTwoRecordsInB_isReported_notCreated() {
        Map<String, String> ids = syncThenDeleteInB();
        b.put("contacts", Map.of("email", "ann@acme.example"));
        b.put("contacts", Map.of("email", "ANN@acme.example"));

        DeletedRecordResync.Review review = resync().review(Side.B, List.of(ids.get("ann")));

        assertThat(review.toCreate()).isEmpty();
        assertThat(review.skipped()).singleElement().satisfies(c -> assertThat(c.problem())
                .startsWith("its email is held by 2 records in b"));
        assertThat(resync().apply(review).outcomes()).isEmpty();
        assertThat(b.records("contacts")).hasSize(2);
    }
}

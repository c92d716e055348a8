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
import io.crmsync.engine.plan.FieldMapping;
import io.crmsync.engine.plan.MatchStage;
import io.crmsync.engine.plan.ObjectSyncSettings;
import io.crmsync.engine.run.ObjectSyncRunner;
import io.crmsync.engine.run.RunOptions;
import io.crmsync.engine.state.StateStore;
import io.crmsync.engine.value.KeyKind;
import io.crmsync.engine.value.ValueCodec;
import io.crmsync.testkit.InMemoryConnector;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Random histories over three object syncs of one two-way sync, run in dependency order: companies (matched by
 * domain), contacts (matched by email, with their company as the {@code @companies} association) and deals (no
 * identifier: always created, never matched; an external id on both sides; with their company too). Steps create
 * records and edit fields and associations on either side (set, change, clear; a company created on one side
 * then linked to a contact or deal there), interleaved with runs. After every run both apps equal a model of
 * DESIGN.md §2.2/§2.3/§2.6 ({@link MultiObjectHistoryModel}): per record and field, a three-way merge against the
 * base (default app A wins a conflict, an empty value never wins, a first match fills gaps), an association
 * compared as the associated company (by its domain, translated through the companies' links); every record exists
 * once on each side; a final extra run writes nothing.
 *
 * <p>A crash step kills a run right after its 1st, 2nd or 3rd write call into an app (in whichever object syncs
 * make them, or in the deals object sync), before that chunk's link commit; the object syncs after it do not run.
 * The chunks of 2 pairs committed before the crash keep their links and bases: for their records the base is the
 * values of the crashed run. The crashing chunk and those after it commit nothing: their linked records keep the
 * old base, and a record the crashed run created is found by the next run (by identifier, or for deals by external
 * id, DESIGN.md §2.4) and matched with its source as on a first sync. Which chunk held a record is the engine's
 * choice, so after a crash the model reads each record's base from the state store, and fails unless it is one
 * of those two. The model holds for the runs after the crash too.
 */
class MultiObjectHistoryPropertyTest {
    private static final List<String> DOMAINS = List.of("acme.example", "globex.example", "initech.example");
    private static final List<String> EMAILS = List.of("ann@example.com", "bob@example.com", "cy@example.com");
    /** Association values of a step: a company by index in {@link #DOMAINS}, or -1 to clear. */
    private static final int CLEAR = -1;
    static final String COMPANY = PropertyDef.ASSOCIATION_PREFIX + "companies";
    private static final AtomicInteger SYNCS = new AtomicInteger();
    /** Pages of 3 records and chunks of 2 pairs: a few records take several reads and several commits. */
    private static final RunOptions OPTIONS = new RunOptions(false, 3, 3, 1, 5, 2);
    private static StateStore store;

    @BeforeContainer
    static void openStore() {
        store = StateStore.open("jdbc:h2:mem:multi-history-" + System.nanoTime(), null, null);
    }

    @AfterContainer
    static void closeStore() {
        store.close();
    }

    // ---------------------------------------------------------------- object types and settings

    /** One synced object type: its schema (the same in both apps), its identity and its compared fields. */
    enum Kind {
        COMPANIES("companies", "domain", List.of("name")),
        CONTACTS("contacts", "email", List.of("firstname", COMPANY)),
        DEALS("deals", "dealname", List.of("amount", COMPANY));

        final String type;
        /** The property that tells records apart in the model (never edited by a step). */
        final String key;
        final List<String> fields;

        Kind(String type, String key, List<String> fields) {
            this.type = type;
            this.key = key;
            this.fields = fields;
        }

        ObjectSchema schema() {
            List<PropertyDef> props = new ArrayList<>();
            props.add(PropertyDef.of(key, PropertyType.STRING));
            for (String f : fields) {
                props.add(f.equals(COMPANY) ? PropertyDef.association("companies")
                        : PropertyDef.of(f, f.equals("amount") ? PropertyType.NUMBER : PropertyType.STRING));
            }
            if (this == DEALS) {
                props.add(PropertyDef.of("crmsync_id", PropertyType.STRING));
            }
            return ObjectSchema.of(type, props);
        }

        ObjectSyncSettings settings(String sync) {
            ObjectSchema schema = schema();
            List<FieldMapping> mappings = new ArrayList<>();
            KeyKind keyKind = this == COMPANIES ? KeyKind.DOMAIN : this == CONTACTS ? KeyKind.EMAIL : null;
            mappings.add(new FieldMapping(schema.property(key).orElseThrow(), schema.property(key).orElseThrow(),
                    Direction.TWO_WAY, true, keyKind));
            for (String f : fields) {
                PropertyDef d = schema.property(f).orElseThrow();
                mappings.add(new FieldMapping(d, d, Direction.TWO_WAY, true, null,
                        f.equals(COMPANY) ? "companies" : null));
            }
            // Companies match by domain only: a name match would pair companies the model tells apart.
            List<MatchStage> match = keyKind == null ? List.of() : List.of(new MatchStage(key, key, keyKind));
            return new ObjectSyncSettings(sync, type, "a", "b", schema, schema, Direction.TWO_WAY, Side.A,
                    keyKind != null, match, Filter.NONE, Filter.NONE, false,
                    Map.of(Side.A, DeletePolicy.KEEP, Side.B, DeletePolicy.KEEP), mappings, false, ValueCodec.utc(),
                    Set.of(), this == DEALS ? Map.of(Side.A, "crmsync_id", Side.B, "crmsync_id") : Map.of());
        }
    }

    // ---------------------------------------------------------------- histories

    /**
     * One step: {@code create}/{@code edit} a record of {@code kind} on {@code side}, identified by {@code index}
     * (a domain, an email, or the n-th deal), setting {@code field} to {@code value}; a {@code run}; or a
     * {@code crash}: a run that dies after its {@code index}-th write call, in whichever object sync makes it
     * (or, with a {@code kind}, of that object sync).
     */
    record Step(String op, Kind kind, Side side, int index, String field, String value) {
        @Override
        public String toString() {
            if (op.equals("crash")) {
                return "run, crashing after write call " + index + (kind == null ? "" : " of " + kind.type);
            }
            return op.equals("run") ? "run" : op + " " + side + " " + kind.type + "#" + index + " " + field + "="
                    + value;
        }
    }

    @Provide
    Arbitrary<List<Step>> histories() {
        Arbitrary<Side> side = Arbitraries.of(Side.values());
        Arbitrary<Integer> domain = Arbitraries.integers().between(0, DOMAINS.size() - 1);
        Arbitrary<Integer> email = Arbitraries.integers().between(0, EMAILS.size() - 1);
        Arbitrary<Integer> deal = Arbitraries.integers().between(0, 4);
        Arbitrary<String> company = Arbitraries.integers().between(CLEAR, DOMAINS.size() - 1).map(String::valueOf);
        Arbitrary<String> name = Arbitraries.of("Acme", "ACME", "Globex", "").injectNull(0.15);
        Arbitrary<String> first = Arbitraries.of("Ann", "ann", "Bob", "").injectNull(0.15);
        Arbitrary<String> amount = Arbitraries.of("100", "250", "").injectNull(0.15);
        Arbitrary<Step> createCompany = Combinators.combine(side, domain, name)
                .as((s, i, v) -> new Step("create", Kind.COMPANIES, s, i, "name", v));
        Arbitrary<Step> editCompany = Combinators.combine(side, domain, name)
                .as((s, i, v) -> new Step("edit", Kind.COMPANIES, s, i, "name", v));
        Arbitrary<Step> createContact = Combinators.combine(side, email, first)
                .as((s, i, v) -> new Step("create", Kind.CONTACTS, s, i, "firstname", v));
        Arbitrary<Step> editContact = Combinators.combine(side, email, first)
                .as((s, i, v) -> new Step("edit", Kind.CONTACTS, s, i, "firstname", v));
        Arbitrary<Step> linkContact = Combinators.combine(side, email, company)
                .as((s, i, v) -> new Step("edit", Kind.CONTACTS, s, i, COMPANY, v));
        Arbitrary<Step> createDeal = Combinators.combine(side, amount, company)
                .as((s, v, c) -> new Step("create", Kind.DEALS, s, 0, "amount", v + "|" + c));
        Arbitrary<Step> editDeal = Combinators.combine(side, deal, amount)
                .as((s, i, v) -> new Step("edit", Kind.DEALS, s, i, "amount", v));
        Arbitrary<Step> linkDeal = Combinators.combine(side, deal, company)
                .as((s, i, v) -> new Step("edit", Kind.DEALS, s, i, COMPANY, v));
        Arbitrary<Step> run = Arbitraries.just(new Step("run", null, null, 0, null, null));
        Arbitrary<Integer> nth = Arbitraries.frequency(Tuple.of(3, 1), Tuple.of(1, 2), Tuple.of(1, 3));
        Arbitrary<Step> crash = nth.map(n -> new Step("crash", null, null, n, null, null));
        Arbitrary<Step> crashDeals = nth.map(n -> new Step("crash", Kind.DEALS, null, n, null, null));
        return Arbitraries.frequencyOf(Tuple.of(3, createCompany), Tuple.of(2, editCompany),
                Tuple.of(3, createContact), Tuple.of(2, editContact), Tuple.of(4, linkContact), Tuple.of(2, createDeal),
                Tuple.of(2, editDeal), Tuple.of(3, linkDeal), Tuple.of(2, run), Tuple.of(2, crash),
                Tuple.of(2, crashDeals)).list()
                .ofMinSize(1).ofMaxSize(30);
    }

    // Edge cases (empty and one-step histories) sync nothing worth checking: random histories only.
    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    void companiesContactsDeals_randomHistories_convergeToModelAndSettle(@ForAll("histories") List<Step> history) {
        Set<String> crashed = replay(history).crashed();
        // How often a history really crashed a run, by object type, shown in the report of the property.
        Statistics.label("runs crashed").collect(crashed.isEmpty() ? "none" : String.join("+", crashed));
    }

    /**
     * Names cleared in A after a run that crashed in its second chunk: the two companies of the committed first
     * chunk have a base, so they are cleared in B too; the third merges as on a first sync, filled from B.
     */
    @Example
    void companyNamesClearedInA_afterRunCrashedInSecondChunk_clearedOnlyWhereTheChunkCommitted() {
        List<Step> history = new ArrayList<>();
        for (int i = 0; i < DOMAINS.size(); i++) {
            history.add(new Step("create", Kind.COMPANIES, Side.A, i, "name", "Acme"));
        }
        history.add(new Step("crash", Kind.COMPANIES, null, 2, null, null));
        for (int i = 0; i < DOMAINS.size(); i++) {
            history.add(new Step("edit", Kind.COMPANIES, Side.A, i, "name", null));
        }
        Replayed replayed = replay(history);
        assertThat(replayed.crashed()).containsExactly(Kind.COMPANIES.type);
        for (Side side : Side.values()) {
            assertThat(replayed.names(side)).as("company names in %s", side).containsExactly("", "", "Acme");
        }
    }

    /**
     * Linked companies renamed in A, then a run that crashes after updating the second chunk in B, then renamed
     * in B: where the first chunk committed the base is A's name, so B's edit is the only change and wins; the
     * third company's base is the old name, so both sides changed and A wins the conflict.
     */
    @Example
    void companiesRenamedOnBothSides_afterRunCrashedInSecondChunk_mergedAgainstTheBaseEachChunkCommitted() {
        List<Step> history = new ArrayList<>();
        for (int i = 0; i < DOMAINS.size(); i++) {
            history.add(new Step("create", Kind.COMPANIES, Side.A, i, "name", "Acme"));
        }
        history.add(new Step("run", null, null, 0, null, null));
        for (int i = 0; i < DOMAINS.size(); i++) {
            history.add(new Step("edit", Kind.COMPANIES, Side.A, i, "name", "ACME"));
        }
        history.add(new Step("crash", Kind.COMPANIES, null, 2, null, null));
        for (int i = 0; i < DOMAINS.size(); i++) {
            history.add(new Step("edit", Kind.COMPANIES, Side.B, i, "name", "Globex"));
        }
        Replayed replayed = replay(history);
        assertThat(replayed.crashed()).containsExactly(Kind.COMPANIES.type);
        for (Side side : Side.values()) {
            assertThat(replayed.names(side)).as("company names in %s", side).containsExactly("ACME", "Globex",
                    "Globex");
        }
    }

    /**
     * Plays {@code history} and a final run against fresh apps, checking both apps against the model after every
     * run of an object sync that completes ({@link MultiObjectHistoryModel}), and that one more run of each
     * writes nothing.
     */
    private static Replayed replay(List<Step> history) {
        String sync = "m" + SYNCS.incrementAndGet();
        List<ObjectSyncSettings> settings = List.of(Kind.COMPANIES.settings(sync), Kind.CONTACTS.settings(sync),
                Kind.DEALS.settings(sync));
        Map<Side, InMemoryConnector> apps = new EnumMap<>(Side.class);
        for (Side side : Side.values()) {
            apps.put(side, new InMemoryConnector(side == Side.A ? "a" : "b",
                    List.of(Kind.COMPANIES.schema(), Kind.CONTACTS.schema(), Kind.DEALS.schema())));
        }
        MultiObjectHistoryModel model = new MultiObjectHistoryModel(store);
        int deals = 0;
        Set<String> crashed = new TreeSet<>();
        List<Step> all = new ArrayList<>(history);
        all.add(new Step("run", null, null, 0, null, null));
        for (Step step : all) {
            InMemoryConnector app = step.side() == null ? null : apps.get(step.side());
            switch (step.op()) {
                case "create" -> {
                    if (step.kind() == Kind.DEALS) {
                        String[] v = step.value().split("\\|", -1);
                        Map<String, String> props = new HashMap<>();
                        props.put("dealname", "deal " + deals++);
                        props.put("amount", v[0].equals("null") ? null : v[0]);
                        props.put(COMPANY, companyId(app, Integer.parseInt(v[1])));
                        app.put(Kind.DEALS.type, props);
                    } else if (find(app, step.kind(), key(step)) == null) {
                        Map<String, String> props = new HashMap<>();
                        props.put(step.kind().key, key(step));
                        props.put(step.field(), step.value());
                        app.put(step.kind().type, props);
                    }
                }
                case "edit" -> {
                    Record r = find(app, step.kind(), key(step));
                    if (r != null) {
                        String value = step.field().equals(COMPANY)
                                ? companyId(app, Integer.parseInt(step.value())) : step.value();
                        app.edit(step.kind().type, r.id(), step.field(), value);
                    }
                }
                default -> {
                    model.expect(apps);
                    AtomicInteger writeCalls = new AtomicInteger();
                    for (Kind kind : Kind.values()) {
                        boolean crash = step.op().equals("crash") && (step.kind() == null || step.kind() == kind);
                        if (!run(settings.get(kind.ordinal()), apps, crash ? writeCalls : null, step.index())) {
                            crashed.add(kind.type);
                            model.afterCrash(apps, settings.get(kind.ordinal()), kind);
                            break; // the process died: the object syncs after it do not run
                        }
                        model.check(apps, kind);
                    }
                }
            }
        }
        for (ObjectSyncSettings s : settings) {
            long writes = new ObjectSyncRunner(s, apps.get(Side.A), apps.get(Side.B), store, OPTIONS, null).run()
                    .counts().writes();
            assertThat(writes).as("a run of %s after the final run writes nothing", s.object()).isZero();
        }
        return new Replayed(crashed, apps);
    }

    /** What {@link #replay} leaves: the object types whose run crashed at least once, and both apps. */
    private record Replayed(Set<String> crashed, Map<Side, InMemoryConnector> apps) {
        /** The company names in {@code side}, sorted, an empty one as "". */
        List<String> names(Side side) {
            return apps.get(side).records(Kind.COMPANIES.type).values().stream()
                    .map(r -> Objects.requireNonNullElse(empty(r.get("name")), "")).sorted().toList();
        }
    }

    /**
     * Runs one object sync; with {@code writeCalls}, the write call that brings that count to {@code crashAt} is
     * applied and then the run dies, as a process killed between the app write and the link commit: the chunks
     * before it are committed, nothing of its chunk is.
     *
     * @return whether the run completed (a crashing run that makes fewer write calls completes)
     */
    private static boolean run(ObjectSyncSettings s, Map<Side, InMemoryConnector> apps, AtomicInteger writeCalls,
                               int crashAt) {
        if (writeCalls != null) {
            for (Side side : Side.values()) {
                apps.get(side).setWriteHook(ops -> {
                    if (writeCalls.incrementAndGet() == crashAt) {
                        throw new IllegalStateException("simulated crash after the write into " + side);
                    }
                });
            }
        }
        try {
            new ObjectSyncRunner(s, apps.get(Side.A), apps.get(Side.B), store, OPTIONS, null).run();
            return true;
        } catch (IllegalStateException crashed) {
            assertThat(crashed).as("the only exception a run may throw here").hasMessageStartingWith("simulated");
            return false;
        } finally {
            apps.get(Side.A).setWriteHook(null);
            apps.get(Side.B).setWriteHook(null);
        }
    }

    /** The model's key of the record a step names: a domain, an email or a deal name. */
    private static String key(Step step) {
        return switch (step.kind()) {
            case COMPANIES -> DOMAINS.get(step.index());
            case CONTACTS -> EMAILS.get(step.index());
            case DEALS -> "deal " + step.index();
        };
    }

    /** The id in {@code app} of the company with domain number {@code index}; {@code null} to clear or if none. */
    private static String companyId(InMemoryConnector app, int index) {
        if (index == CLEAR) {
            return null;
        }
        Record r = find(app, Kind.COMPANIES, DOMAINS.get(index));
        return r == null ? null : r.id();
    }

    static Record find(InMemoryConnector app, Kind kind, String key) {
        return app.records(kind.type).values().stream().filter(r -> key.equals(r.get(kind.key))).findFirst()
                .orElse(null);
    }

    static String empty(String v) {
        return v == null || v.isEmpty() ? null : v;
    }
}

package io.crmsync.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.api.Record;
import io.crmsync.engine.model.Side;
import io.crmsync.engine.plan.ObjectSyncSettings;
import io.crmsync.engine.run.ObjectSyncRunner;
import io.crmsync.engine.run.RunOptions;
import io.crmsync.engine.state.StateStore;
import io.crmsync.testkit.InMemoryConnector;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random histories of creates, edits, clears and conflicting edits on both sides of a two-way contact sync,
 * interleaved with runs. After every run both apps equal a model of DESIGN.md §2.2/§2.3 (three-way merge, default
 * app A wins conflicts, an empty value never wins, first matches fill gaps); a final extra run writes nothing.
 */
class TwoWayHistoryPropertyTest {
    private static final List<String> EMAILS = List.of("ann@example.com", "bob@example.com", "cy@example.com",
            "di@example.com");
    private static final List<String> FIELDS = List.of("firstname", "lastname");
    private static final AtomicInteger SYNCS = new AtomicInteger();
    private static StateStore store;

    @BeforeContainer
    static void openStore() {
        store = StateStore.open("jdbc:h2:mem:history-" + System.nanoTime(), null, null);
    }

    @AfterContainer
    static void closeStore() {
        store.close();
    }

    /** One step of a history. */
    record Step(String kind, Side side, int email, String field, String value) {
        @Override
        public String toString() {
            return kind.equals("run") ? "run" : kind + " " + side + " " + EMAILS.get(email) + " " + field + "=" + value;
        }
    }

    @Provide
    Arbitrary<List<Step>> histories() {
        Arbitrary<Side> side = Arbitraries.of(Side.values());
        Arbitrary<Integer> email = Arbitraries.integers().between(0, EMAILS.size() - 1);
        Arbitrary<String> field = Arbitraries.of(FIELDS);
        Arbitrary<String> value = Arbitraries.of("Ann", "ann", "Bob", "Lee", "", null).injectNull(0.0);
        Arbitrary<Step> create = net.jqwik.api.Combinators.combine(side, email, field, value)
                .as((s, e, f, v) -> new Step("create", s, e, f, v));
        Arbitrary<Step> edit = net.jqwik.api.Combinators.combine(side, email, field, value)
                .as((s, e, f, v) -> new Step("edit", s, e, f, v));
        Arbitrary<Step> run = Arbitraries.just(new Step("run", null, 0, null, null));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, create), net.jqwik.api.Tuple.of(5, edit),
                net.jqwik.api.Tuple.of(2, run)).list().ofMinSize(1).ofMaxSize(30);
    }

    @Property(tries = 1000)
    void twoWay_randomHistories_convergeToModelAndSettle(@ForAll("histories") List<Step> history) {
        var schema = io.crmsync.api.ObjectSchema.of("contacts", SyncFixture.contactProperties());
        InMemoryConnector a = new InMemoryConnector("a", List.of(schema));
        InMemoryConnector b = new InMemoryConnector("b", List.of(schema));
        ObjectSyncSettings base = SyncFixture.contacts(schema, io.crmsync.engine.model.Direction.TWO_WAY, Side.A);
        ObjectSyncSettings settings = new ObjectSyncSettings("h" + SYNCS.incrementAndGet(), base.object(),
                base.appA(), base.appB(), base.schemaA(), base.schemaB(), base.direction(), base.defaultApp(),
                base.requireKey(), base.match(), base.filterA(), base.filterB(), base.continuousFilter(),
                base.deletes(), base.mappings(), base.enforce(), base.codec(), base.freeMailDomains());
        Model model = new Model();
        Map<Side, InMemoryConnector> apps = new EnumMap<>(Map.of(Side.A, a, Side.B, b));
        List<Step> all = new ArrayList<>(history);
        all.add(new Step("run", null, 0, null, null));
        for (Step step : all) {
            switch (step.kind()) {
                case "create" -> {
                    if (find(apps.get(step.side()), step.email()) == null) {
                        Map<String, String> props = new HashMap<>();
                        props.put("email", EMAILS.get(step.email()));
                        props.put(step.field(), step.value());
                        apps.get(step.side()).put("contacts", props);
                    }
                }
                case "edit" -> {
                    Record r = find(apps.get(step.side()), step.email());
                    if (r != null) {
                        apps.get(step.side()).edit("contacts", r.id(), step.field(), step.value());
                    }
                }
                default -> {
                    model.expect(a, b);
                    new ObjectSyncRunner(settings, a, b, store, RunOptions.defaults(), null).run();
                    model.check(a, b);
                }
            }
        }
        long writes = new ObjectSyncRunner(settings, a, b, store, RunOptions.defaults(), null).run().counts().writes();
        assertThat(writes).as("a run after the final run writes nothing").isZero();
    }

    private static Record find(InMemoryConnector app, int email) {
        return app.records("contacts").values().stream()
                .filter(r -> EMAILS.get(email).equals(r.get("email"))).findFirst().orElse(null);
    }

    private static String empty(String v) {
        return v == null || v.isEmpty() ? null : v;
    }

    /** The expected values per email and field, and the base of the last run. */
    private static final class Model {
        final Map<String, Map<String, String>> base = new HashMap<>();
        Map<String, Map<String, String>> expected = new HashMap<>();

        void expect(InMemoryConnector a, InMemoryConnector b) {
            expected = new HashMap<>();
            for (int i = 0; i < EMAILS.size(); i++) {
                Record ra = find(a, i);
                Record rb = find(b, i);
                if (ra == null && rb == null) {
                    continue;
                }
                Map<String, String> out = new HashMap<>();
                Map<String, String> old = base.get(EMAILS.get(i));
                for (String f : FIELDS) {
                    String va = ra == null ? null : empty(ra.get(f));
                    String vb = rb == null ? null : empty(rb.get(f));
                    String result;
                    if (ra == null || rb == null) {
                        result = ra == null ? vb : va;
                    } else if (old == null) {
                        result = Objects.equals(va, vb) ? va : va == null ? vb : vb == null ? va : va;
                    } else {
                        boolean ca = !Objects.equals(va, old.get(f));
                        boolean cb = !Objects.equals(vb, old.get(f));
                        if (ca && !cb) {
                            result = va;
                        } else if (cb && !ca) {
                            result = vb;
                        } else if (!ca) {
                            result = va;
                        } else {
                            result = Objects.equals(va, vb) ? va : va == null ? vb : va;
                        }
                    }
                    out.put(f, result);
                }
                expected.put(EMAILS.get(i), out);
            }
        }

        void check(InMemoryConnector a, InMemoryConnector b) {
            for (int i = 0; i < EMAILS.size(); i++) {
                Map<String, String> want = expected.get(EMAILS.get(i));
                Record ra = find(a, i);
                Record rb = find(b, i);
                if (want == null) {
                    assertThat(ra).isNull();
                    assertThat(rb).isNull();
                    continue;
                }
                assertThat(ra).as("A has " + EMAILS.get(i)).isNotNull();
                assertThat(rb).as("B has " + EMAILS.get(i)).isNotNull();
                for (String f : FIELDS) {
                    assertThat(empty(ra.get(f))).as("A " + EMAILS.get(i) + " " + f).isEqualTo(want.get(f));
                    assertThat(empty(rb.get(f))).as("B " + EMAILS.get(i) + " " + f).isEqualTo(want.get(f));
                }
                base.put(EMAILS.get(i), want);
            }
            assertThat(a.records("contacts")).hasSize(expected.size());
            assertThat(b.records("contacts")).hasSize(expected.size());
        }
    }
}

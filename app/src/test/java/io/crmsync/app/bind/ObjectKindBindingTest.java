package io.crmsync.app.bind;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.api.ObjectSchema;
import io.crmsync.api.PropertyDef;
import io.crmsync.api.PropertyType;
import io.crmsync.app.config.ConfigError;
import io.crmsync.app.config.ConfigLoader;
import io.crmsync.app.config.CrmsyncConfig;
import io.crmsync.app.config.SyncConfig;
import io.crmsync.engine.model.Side;
import io.crmsync.engine.plan.MatchStage;
import io.crmsync.engine.plan.ObjectSyncSettings;
import io.crmsync.engine.value.KeyKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Per object type: HubSpot's required properties on create, and the default identifiers by HubSpot's names. */
class ObjectKindBindingTest {

    private static String yaml(String object, String direction, String mappings) {
        return """
                apps:
                  hubspot: {type: hubspot, token: t}
                  db: {type: jdbc, url: "jdbc:sqlite:db.db"}
                syncs:
                  hs-db:
                    apps: [hubspot, db]
                    objects:
                      %s:
                        direction: %s
                        defaultApp: hubspot
                        mappings:
                %s""".formatted(object, direction, mappings);
    }

    private static ObjectSchema schema(String type, String... names) {
        List<PropertyDef> defs = new ArrayList<>();
        for (String n : names) {
            defs.add(PropertyDef.of(n, n.equals("amount") || n.equals("price") ? PropertyType.NUMBER
                    : PropertyType.STRING));
        }
        return ObjectSchema.of(type, defs);
    }

    private static ObjectSyncSettings bind(String yaml, ObjectSchema a, ObjectSchema b, List<ConfigError> errors) {
        CrmsyncConfig config = ConfigLoader.parse(Path.of("crmsync.yaml"), yaml, Map.of());
        SyncConfig sync = config.syncs().get("hs-db");
        return new Binder(config).bind(sync, sync.objects().values().iterator().next(),
                Map.of(Side.A, a, Side.B, b), errors);
    }

    private static final ObjectSchema HUBSPOT_DEALS = schema("deals", "dealname", "dealstage", "pipeline", "amount");

    @Test
    void deals_requiredMappingTurnedOff_isAnErrorNamingTheProperty() {
        List<ConfigError> errors = new ArrayList<>();

        ObjectSyncSettings s = bind(yaml("deals", "two-way",
                        "          - {hubspot: pipeline, db: pipeline, enabled: false}\n"),
                HUBSPOT_DEALS, schema("deals", "dealname", "dealstage", "pipeline", "amount"), errors);

        assertThat(s).isNull();
        assertThat(errors).singleElement().extracting(ConfigError::message)
                .isEqualTo("hubspot.pipeline is required by HubSpot to create deals and cannot be turned off");
    }

    @Test
    void deals_intoHubSpotWithoutAStageColumn_isAnErrorListingWhatIsMissing() {
        List<ConfigError> errors = new ArrayList<>();

        ObjectSyncSettings s = bind(yaml("deals", "two-way", ""), HUBSPOT_DEALS,
                schema("deals", "dealname", "amount"), errors);

        assertThat(s).isNull();
        assertThat(errors).singleElement().extracting(ConfigError::message).asString()
                .startsWith("HubSpot requires dealstage, pipeline to create deals in hubspot: map them into hubspot,"
                        + " or sync deals one way from hubspot");
    }

    @Test
    void deals_oneWayOutOfHubSpot_needsNoRequiredMapping() {
        List<ConfigError> errors = new ArrayList<>();

        ObjectSyncSettings s = bind(yaml("deals", "\"hubspot -> db\"", ""), HUBSPOT_DEALS,
                schema("deals", "dealname", "amount"), errors);

        assertThat(errors).isEmpty();
        assertThat(s.mappings()).extracting(m -> m.property(Side.A)).containsExactlyInAnyOrder("dealname", "amount");
        assertThat(s.match()).isEmpty();
    }

    @Test
    void products_matchByHubSpotsSkuAgainstTheDatabasesSku_thenByName() {
        List<ConfigError> errors = new ArrayList<>();

        ObjectSyncSettings s = bind(yaml("products", "\"hubspot -> db\"", ""),
                schema("products", "hs_sku", "name", "price", "description"),
                schema("products", "sku", "name", "price"), errors);

        assertThat(errors).isEmpty();
        assertThat(s.match()).extracting(MatchStage::propertyA, MatchStage::propertyB, MatchStage::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("hs_sku", "sku", KeyKind.TEXT),
                        org.assertj.core.groups.Tuple.tuple("name", "name", KeyKind.TEXT));
    }

    @Test
    void deals_externalIdProperty_isKeptOutOfTheMappings_andAnUnknownOneIsAnError() {
        List<ConfigError> errors = new ArrayList<>();
        String yaml = yaml("deals", "\"hubspot -> db\"", "").replace("        defaultApp: hubspot\n",
                "        defaultApp: hubspot\n        externalId: {db: source_ref}\n");

        // The same name in both apps would be a default mapping: the external id is not one.
        ObjectSyncSettings s = bind(yaml, schema("deals", "dealname", "dealstage", "pipeline", "amount", "source_ref"),
                schema("deals", "dealname", "amount", "source_ref"), errors);

        assertThat(errors).isEmpty();
        assertThat(s.externalId(Side.B)).isEqualTo("source_ref");
        assertThat(s.mappings()).noneMatch(m -> m.property(Side.B).equals("source_ref"));

        List<ConfigError> more = new ArrayList<>();
        assertThat(bind(yaml, HUBSPOT_DEALS, schema("deals", "dealname", "amount"), more)).isNull();
        assertThat(more).singleElement().extracting(ConfigError::message).asString()
                .startsWith("unknown property \"source_ref\" in db deals");
    }

    @Test
    void hubSpotContactsToAppLeads_namedOtherwise_matchByEmailByDefault() {
        List<ConfigError> errors = new ArrayList<>();
        String yaml = yaml("prospects", "two-way", "").replace("        defaultApp: hubspot\n",
                "        defaultApp: hubspot\n        types: {hubspot: contacts, db: leads}\n");

        ObjectSyncSettings s = bind(yaml, schema("contacts", "email", "firstname"),
                schema("leads", "email", "firstname", "status"), errors);

        assertThat(errors).isEmpty();
        assertThat(s.match()).extracting(MatchStage::propertyA, MatchStage::propertyB, MatchStage::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("email", "email", KeyKind.EMAIL));
        assertThat(s.requireKey()).as("contacts without an email are excluded, as for contacts").isTrue();
    }

    @Test
    void leadsObjectType_defaultIdentifierIsEmail_asForContacts() {
        assertThat(ObjectKind.of("prospects", "leads", "prospect_rows").defaultStages()).singleElement()
                .satisfies(d -> {
                    assertThat(d.kind()).isEqualTo(KeyKind.EMAIL);
                    assertThat(d.candidates()).containsExactly("email");
                });
    }
}

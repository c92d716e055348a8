package io.crmsync.app.bind;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.api.ObjectSchema;
import io.crmsync.api.PropertyDef;
import io.crmsync.api.PropertyType;
import io.crmsync.app.config.ConfigError;
import io.crmsync.app.config.ConfigLoader;
import io.crmsync.app.config.CrmsyncConfig;
import io.crmsync.app.config.ObjectSyncConfig;
import io.crmsync.app.config.SyncConfig;
import io.crmsync.engine.model.Direction;
import io.crmsync.engine.model.Side;
import io.crmsync.engine.plan.FieldMapping;
import io.crmsync.engine.plan.ObjectSyncSettings;
import io.crmsync.engine.value.KeyKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Binding an object sync of the config to the apps' schemas. */
class BinderTest {
    private static final String YAML = """
            apps:
              crm: {type: jdbc, url: "jdbc:sqlite:crm.db"}
              shop: {type: jdbc, url: "jdbc:sqlite:shop.db"}
            syncs:
              crm-shop:
                apps: [crm, shop]
                objects:
                  contacts:
                    types: {crm: contacts, shop: customers}
                    defaultApp: shop
                    mappings:
                      - {crm: notes, shop: remarks, direction: "crm -> shop"}
                      - {crm: phone, shop: phone, enabled: false}
                      - {crm: nickname, shop: alias}
            """;

    private static final ObjectSchema CRM = ObjectSchema.of("contacts", List.of(
            PropertyDef.of("email", PropertyType.STRING), PropertyDef.of("firstname", PropertyType.STRING),
            PropertyDef.of("phone", PropertyType.PHONE), PropertyDef.of("notes", PropertyType.STRING),
            PropertyDef.of("score", PropertyType.NUMBER).withReadOnly(true)));
    private static final ObjectSchema SHOP = ObjectSchema.of("customers", List.of(
            PropertyDef.of("email", PropertyType.STRING), PropertyDef.of("firstname", PropertyType.STRING),
            PropertyDef.of("phone", PropertyType.PHONE), PropertyDef.of("remarks", PropertyType.STRING),
            PropertyDef.of("score", PropertyType.NUMBER)));

    private static ObjectSyncSettings bind(String yaml, List<ConfigError> errors) {
        CrmsyncConfig config = ConfigLoader.parse(Path.of("crmsync.yaml"), yaml, Map.of());
        SyncConfig sync = config.syncs().get("crm-shop");
        ObjectSyncConfig os = sync.objects().get("contacts");
        return new Binder(config).bind(sync, os, Map.of(Side.A, CRM, Side.B, SHOP), errors);
    }

    private static FieldMapping mapping(ObjectSyncSettings s, String propA) {
        return s.mappings().stream().filter(m -> m.defA().name().equals(propA)).findFirst().orElseThrow();
    }

    @Test
    void unknownPropertiesInMapping_everyErrorNamesPropertyAppAndLine() {
        List<ConfigError> errors = new ArrayList<>();
        assertThat(bind(YAML, errors)).isNull();
        assertThat(errors).extracting(ConfigError::line).containsOnly(14);
        assertThat(errors).extracting(ConfigError::message).anySatisfy(m ->
                assertThat(m).contains("unknown property \"nickname\" in crm contacts"))
                .anySatisfy(m -> assertThat(m).contains("unknown property \"alias\" in shop customers"));
    }

    @Test
    void defaults_sameNamedPropertiesMapped_customAndToggledKept_readOnlySourceOnly() {
        List<ConfigError> errors = new ArrayList<>();
        ObjectSyncSettings s = bind(YAML.replace("      - {crm: nickname, shop: alias}\n", ""), errors);
        assertThat(errors).isEmpty();
        assertThat(s.defaultApp()).isEqualTo(Side.B);
        assertThat(mapping(s, "email").key()).isEqualTo(KeyKind.EMAIL);
        assertThat(mapping(s, "firstname").direction()).isEqualTo(Direction.TWO_WAY);
        assertThat(mapping(s, "notes").defB().name()).isEqualTo("remarks");
        assertThat(mapping(s, "notes").direction()).isEqualTo(Direction.A_TO_B);
        assertThat(mapping(s, "phone").enabled()).isFalse();
        // crm's score is read-only: it can only flow out of crm.
        assertThat(mapping(s, "score").direction()).isEqualTo(Direction.A_TO_B);
        assertThat(s.match()).singleElement().satisfies(st -> assertThat(st.kind()).isEqualTo(KeyKind.EMAIL));
        assertThat(s.requireKey()).isTrue();
    }

    private static ObjectSyncSettings bindTyped(String mappings, List<ConfigError> errors, PropertyDef... shopExtra) {
        List<PropertyDef> crm = new ArrayList<>(CRM.properties().values());
        crm.add(PropertyDef.of("seats", PropertyType.NUMBER));
        crm.add(PropertyDef.of("since", PropertyType.DATE));
        crm.add(PropertyDef.of("vip", PropertyType.BOOL));
        List<PropertyDef> shop = new ArrayList<>(SHOP.properties().values());
        shop.add(PropertyDef.of("seats", PropertyType.STRING));
        shop.add(PropertyDef.of("since", PropertyType.DATETIME));
        shop.add(PropertyDef.of("vip", PropertyType.NUMBER));
        shop.addAll(List.of(shopExtra));
        CrmsyncConfig config = ConfigLoader.parse(Path.of("crmsync.yaml"), YAML.substring(0, YAML.indexOf("        mappings:"))
                + "        mappings:\n" + mappings, Map.of());
        SyncConfig sync = config.syncs().get("crm-shop");
        return new Binder(config).bind(sync, sync.objects().get("contacts"), Map.of(Side.A,
                ObjectSchema.of("contacts", crm), Side.B, ObjectSchema.of("customers", shop)), errors);
    }

    @Test
    void defaults_numberToText_oneWayIntoText_dateToDatetime_twoWay_incompatibleNotMapped() {
        List<ConfigError> errors = new ArrayList<>();

        ObjectSyncSettings s = bindTyped("          - {crm: notes, shop: remarks}\n", errors);

        assertThat(errors).isEmpty();
        assertThat(mapping(s, "seats").direction()).isEqualTo(Direction.A_TO_B);
        assertThat(mapping(s, "since").direction()).isEqualTo(Direction.TWO_WAY);
        // bool in crm, number in shop: HubSpot's rules have no such pair, so the same-named default is left out.
        assertThat(s.mappings()).noneMatch(m -> m.defA().name().equals("vip"));
    }

    @Test
    void customMapping_textIntoNumberOnly_isAnErrorNamingTheTypes() {
        List<ConfigError> errors = new ArrayList<>();

        ObjectSyncSettings s = bindTyped("          - {crm: notes, shop: remarks}\n"
                + "          - {crm: vip, shop: vip, direction: \"crm -> shop\"}\n", errors);

        assertThat(s).isNull();
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(13);
            assertThat(e.message()).contains("mapping crm.vip = shop.vip can never be written crm -> shop")
                    .contains("bool and number are not compatible types");
        });
    }

    @Test
    void customMapping_sameSourceMappedTwice_isAnErrorOnTheSecondMapping() {
        List<ConfigError> errors = new ArrayList<>();

        ObjectSyncSettings s = bindTyped("          - {crm: notes, shop: remarks, direction: \"crm -> shop\"}\n"
                + "          - {crm: notes, shop: firstname, direction: \"crm -> shop\"}\n", errors);

        assertThat(s).isNull();
        assertThat(errors).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(13);
            assertThat(e.message()).contains("crm.notes is mapped twice in contacts (also to shop.remarks)");
        });
    }

    @Test
    void customMapping_enumerationToBool_isTwoWay() {
        List<ConfigError> errors = new ArrayList<>();
        PropertyDef flag = PropertyDef.of("flag", PropertyType.ENUMERATION);

        ObjectSyncSettings s = bindTyped("          - {crm: vip, shop: flag}\n", errors, flag);

        assertThat(errors).isEmpty();
        assertThat(mapping(s, "vip").direction()).isEqualTo(Direction.TWO_WAY);
    }

    @Test
    void customMatch_onAnAssociation_isAnErrorNotAnIdentifier() {
        List<ConfigError> errors = new ArrayList<>();
        String yaml = YAML.replace("defaultApp: shop\n",
                "defaultApp: shop\n        match: {crm: \"@companies\", shop: \"@companies\"}\n")
                .replace("      - {crm: nickname, shop: alias}\n", "");
        CrmsyncConfig config = ConfigLoader.parse(Path.of("crmsync.yaml"), yaml, Map.of());
        SyncConfig sync = config.syncs().get("crm-shop");
        List<PropertyDef> crm = new ArrayList<>(CRM.properties().values());
        crm.add(PropertyDef.of("@companies", PropertyType.STRING));
        List<PropertyDef> shop = new ArrayList<>(SHOP.properties().values());
        shop.add(PropertyDef.of("@companies", PropertyType.STRING));

        ObjectSyncSettings s = new Binder(config).bind(sync, sync.objects().get("contacts"), Map.of(Side.A,
                ObjectSchema.of("contacts", crm), Side.B, ObjectSchema.of("customers", shop)), errors);

        assertThat(s).isNull();
        assertThat(errors).extracting(ConfigError::message)
                .anySatisfy(m -> assertThat(m).contains("an association (@companies = @companies) cannot identify"));
    }

    @Test
    void multiValuedAssociation_withSingleValuedOne_boundTwoWayThroughTheAssociatedObjectSync() {
        List<ConfigError> errors = new ArrayList<>();
        String yaml = YAML.replace("      - {crm: nickname, shop: alias}\n", "      - {crm: \"@deals\", shop: \"@orders\"}\n")
                + """
                      deals:
                        types: {crm: deals, shop: orders}
                """;
        CrmsyncConfig config = ConfigLoader.parse(Path.of("crmsync.yaml"), yaml, Map.of());
        SyncConfig sync = config.syncs().get("crm-shop");
        List<PropertyDef> crm = new ArrayList<>(CRM.properties().values());
        crm.add(PropertyDef.associations("deals"));
        List<PropertyDef> shop = new ArrayList<>(SHOP.properties().values());
        shop.add(PropertyDef.association("orders"));

        ObjectSyncSettings s = new Binder(config).bind(sync, sync.objects().get("contacts"), Map.of(Side.A,
                ObjectSchema.of("contacts", crm), Side.B, ObjectSchema.of("customers", shop)), errors);

        assertThat(errors).isEmpty();
        FieldMapping deals = mapping(s, "@deals");
        assertThat(deals.association()).isEqualTo("deals");
        assertThat(deals.direction()).isEqualTo(Direction.TWO_WAY);
        assertThat(s.associations()).containsExactly("deals");
    }
}

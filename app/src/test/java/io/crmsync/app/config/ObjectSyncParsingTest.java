package io.crmsync.app.config;

import static io.crmsync.app.config.ConfigFixtures.contacts;
import static io.crmsync.app.config.ConfigFixtures.objectSyncErrors;
import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.engine.model.DeletePolicy;
import io.crmsync.engine.model.Direction;
import io.crmsync.engine.model.Filter;
import io.crmsync.engine.model.Side;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Object syncs: the keys under {@code syncs.crm-shop.objects.contacts} (first body line is line 9). */
class ObjectSyncParsingTest {
    private static final String AT = "crmsync.yaml:9: syncs.crm-shop.objects.contacts.";

    @Test
    void emptyObjectSync_takesEveryDefault() {
        ObjectSyncConfig object = contacts("{}");

        assertThat(object.typeA()).isEqualTo("contacts");
        assertThat(object.typeB()).isEqualTo("contacts");
        assertThat(object.direction()).isEqualTo(Direction.TWO_WAY);
        assertThat(object.defaultApp()).isEqualTo(Side.A);
        assertThat(object.onlyWithEmail()).isTrue();
        assertThat(object.match()).isEqualTo(MatchConfig.DEFAULT);
        assertThat(object.filterA()).isEqualTo(Filter.NONE);
        assertThat(object.filterB()).isEqualTo(Filter.NONE);
        assertThat(object.filterPolicy()).isEqualTo(FilterPolicy.ENTRY);
        assertThat(object.deletes(Side.A)).isEqualTo(DeletePolicy.KEEP);
        assertThat(object.deletes(Side.B)).isEqualTo(DeletePolicy.KEEP);
        assertThat(object.mappings()).isEmpty();
        assertThat(object.enabled()).isTrue();
        assertThat(object.enforce()).isFalse();
    }

    @Test
    void badDirection_listsTheThreeValidOnes() {
        assertThat(objectSyncErrors("direction: crm => shop")).containsExactly(AT
                + "direction: \"crm => shop\" is not a direction; use two-way, \"crm -> shop\" or \"shop -> crm\"");
    }

    @Test
    void directionNamingAnAppOutsideTheSync_isRefused() {
        assertThat(objectSyncErrors("direction: crm -> billing")).containsExactly(AT + "direction: \"crm -> billing\""
                + " names billing, which is not an app of this sync; use two-way, \"crm -> shop\" or \"shop -> crm\"");
    }

    @Test
    void oneWayDirection_makesTheSourceTheDefaultApp() {
        ObjectSyncConfig object = contacts("direction: shop->crm");

        assertThat(object.direction()).isEqualTo(Direction.B_TO_A);
        assertThat(object.defaultApp()).isEqualTo(Side.B);
    }

    @Test
    void oneWayDefaultAppThatIsNotTheSource_isRefused() {
        assertThat(objectSyncErrors("""
                direction: "crm -> shop"
                defaultApp: shop
                """)).containsExactly("crmsync.yaml:10: syncs.crm-shop.objects.contacts.defaultApp: in a one-way sync "
                + "the default app is the source, crm; remove defaultApp or set it to crm");
    }

    @Test
    void twoWayDefaultApp_canBeEitherApp() {
        assertThat(contacts("defaultApp: shop").defaultApp()).isEqualTo(Side.B);
        assertThat(objectSyncErrors("defaultApp: hubspot"))
                .containsExactly(AT + "defaultApp: \"hubspot\" is not an app of this sync; use crm or shop");
    }

    @Test
    void typesNamingOnlyOneApp_isRefused() {
        assertThat(objectSyncErrors("types: {crm: contacts}")).containsExactly(AT + "types: needs an object type for "
                + "both crm and shop, e.g. {crm: contacts, shop: customers}");
    }

    @Test
    void typesNamingAnAppOutsideTheSync_isRefused() {
        assertThat(objectSyncErrors("types: {crm: contacts, shopp: customers}")).containsExactly(
                AT + "types.shopp: not an app of this sync; did you mean shop? the apps are crm and shop");
    }

    @Test
    void mistypedAppOfASync_isReportedOnceAndNotPerObjectSync() {
        String yaml = """
                apps:
                  crm: {type: jdbc}
                  shop: {type: jdbc}
                syncs:
                  crm-shop:
                    apps: [crm, shopp]
                    objects:
                      contacts:
                        types: {crm: contacts, shop: customers}
                        defaultApp: shop
                        mappings:
                          - {crm: email, shop: email}
                          - {crm: phone, shop: phone, enabled: false}
                      companies:
                        direction: "shop -> crm"
                """;

        assertThat(ConfigFixtures.errors(yaml)).extracting(ConfigError::toString).containsExactly(
                "crmsync.yaml:6: syncs.crm-shop.apps[1]: unknown app \"shopp\"; did you mean shop? the apps are: "
                        + "crm, shop");
    }

    @Test
    void matchCustom_pairsTheTwoIdentifierProperties() {
        MatchConfig match = contacts("match: {crm: email, shop: email_address}").match();

        assertThat(match.kind()).isEqualTo(MatchConfig.Kind.CUSTOM);
        assertThat(match.propA()).isEqualTo("email");
        assertThat(match.propB()).isEqualTo("email_address");
    }

    @Test
    void matchAsAList_givesStagesTriedInOrder() {
        MatchConfig match = contacts("""
                match:
                  - {shop: domain, crm: website}
                  - {crm: name, shop: company_name}
                """).match();

        assertThat(match.stages()).containsExactly(new MatchStage("website", "domain"),
                new MatchStage("name", "company_name"));
    }

    @Test
    void matchNone_turnsMatchingOff() {
        assertThat(contacts("match: none").match()).isEqualTo(MatchConfig.NONE);
        assertThat(objectSyncErrors("match: email")).containsExactly(AT + "match: \"email\" is not a matching rule; "
                + "use default, none or {crm: email, shop: email_address}");
    }

    @Test
    void deletesPerApp_isThePolicyForDeletesMadeInThatApp() {
        ObjectSyncConfig object = contacts("deletes: {crm: propagate, shop: keep}");

        assertThat(object.deletesA()).isEqualTo(DeletePolicy.PROPAGATE);
        assertThat(object.deletesB()).isEqualTo(DeletePolicy.KEEP);
        assertThat(contacts("deletes: propagate").deletes(Side.B)).isEqualTo(DeletePolicy.PROPAGATE);
    }

    @Test
    void deletesForOneAppOnly_isRefused() {
        assertThat(objectSyncErrors("deletes: {crm: propagate}")).containsExactly(AT + "deletes: needs a delete policy "
                + "for both crm and shop, e.g. {crm: propagate, shop: keep}");
    }

    @Test
    void mappingWithADirectionOverride_keepsItPerMapping() {
        List<MappingConfig> mappings = contacts("""
                mappings:
                  - {crm: email, shop: email_address}
                  - {crm: notes, shop: remarks, direction: "shop -> crm"}
                  - {crm: phone, shop: phone, enabled: false}
                """).mappings();

        assertThat(mappings).extracting(MappingConfig::direction).containsExactly(null, Direction.B_TO_A, null);
        assertThat(mappings.get(1).effectiveDirection(Direction.TWO_WAY)).isEqualTo(Direction.B_TO_A);
        assertThat(mappings.get(0).effectiveDirection(Direction.TWO_WAY)).isEqualTo(Direction.TWO_WAY);
        assertThat(mappings).extracting(MappingConfig::enabled).containsExactly(true, true, false);
        assertThat(mappings.get(2).keyPath()).isEqualTo("syncs.crm-shop.objects.contacts.mappings[2]");
    }

    @Test
    void mappingOverrideAgainstAOneWaySync_isRefused() {
        assertThat(objectSyncErrors("""
                direction: crm -> shop
                mappings:
                  - {crm: notes, shop: remarks, direction: "shop -> crm"}
                """)).containsExactly("crmsync.yaml:11: syncs.crm-shop.objects.contacts.mappings[0].direction: "
                + "contradicts the object sync's direction; in a one-way sync a mapping can only go crm -> shop");
    }

    @Test
    void mappingMissingOneSide_orWithAStrayKey_isRefused() {
        assertThat(objectSyncErrors("""
                mappings:
                  - {crm: email}
                  - {crm: phone, shop: phone, enabeld: false}
                """)).containsExactly(
                "crmsync.yaml:10: syncs.crm-shop.objects.contacts.mappings[0]: needs a property for both crm and shop, "
                        + "e.g. {crm: email, shop: email_address}",
                "crmsync.yaml:11: syncs.crm-shop.objects.contacts.mappings[1].enabeld: not an app of this sync; "
                        + "did you mean enabled? the apps are crm and shop; the other keys allowed are enabled, "
                        + "direction");
    }

    @Test
    void twoEnabledMappingsWritingOneProperty_isRefused() {
        assertThat(objectSyncErrors("""
                mappings:
                  - {crm: email, shop: email_address}
                  - {crm: email2, shop: email_address}
                  - {crm: email3, shop: email_address, enabled: false}
                  - {crm: email4, shop: email_address, direction: "shop -> crm"}
                """)).containsExactly("crmsync.yaml:11: syncs.crm-shop.objects.contacts.mappings[1].shop: shop property "
                + "\"email_address\" is already written by mappings[0]; disable or remove one of them");
    }

    @Test
    void flagsAndPolicies_areRead() {
        ObjectSyncConfig object = contacts("""
                direction: crm -> shop
                enforce: true
                enabled: FALSE
                onlyWithEmail: false
                filterPolicy: continuous
                """);

        assertThat(object.enforce()).isTrue();
        assertThat(object.enabled()).isFalse();
        assertThat(object.onlyWithEmail()).isFalse();
        assertThat(object.filterPolicy()).isEqualTo(FilterPolicy.CONTINUOUS);
    }

    @Test
    void companyFromEmailDomain_offByDefault_freeMailDomainsNormalisedLikeCompanyDomains() {
        assertThat(contacts("{}").companyFromEmailDomain()).isFalse();
        assertThat(contacts("{}").freeMailDomains()).isEmpty();

        ObjectSyncConfig object = contacts("""
                companyFromEmailDomain: true
                freeMailDomains: [webmail.example, "https://WWW.Mail.Example.org/", " post.example. "]
                """);

        assertThat(object.companyFromEmailDomain()).isTrue();
        assertThat(object.freeMailDomains()).containsExactly("webmail.example", "mail.example.org", "post.example");
    }

    @Test
    void freeMailDomains_notAListOrNotDomains_areErrorsAtTheirItems() {
        assertThat(objectSyncErrors("freeMailDomains: webmail.example")).containsExactly(AT + "freeMailDomains: "
                + "expected a list of mail domains, e.g. [webmail.example, mail.example.org]");
        assertThat(objectSyncErrors("freeMailDomains: [ann@webmail.example, localhost]")).containsExactly(
                AT + "freeMailDomains[0]: \"ann@webmail.example\" is not a mail domain; write the part after the @,"
                        + " e.g. webmail.example",
                AT + "freeMailDomains[1]: \"localhost\" is not a mail domain; write the part after the @,"
                        + " e.g. webmail.example");
    }

    @Test
    void yesAndNo_areNotBooleans() {
        assertThat(objectSyncErrors("enabled: yes")).containsExactly(AT + "enabled: \"yes\" is not true or false");
    }

    @Test
    void enforceInATwoWaySync_isRefused() {
        assertThat(objectSyncErrors("enforce: true")).containsExactly(AT + "enforce: enforce applies only to one-way "
                + "syncs (it overwrites edits made in the destination); remove it or set a one-way direction");
    }

    @Test
    void objectSyncAsAPlainValue_isRefused() {
        assertThat(ConfigFixtures.errors(ConfigFixtures.withObjectSync("").stripTrailing() + " contacts\n"))
                .extracting(ConfigError::message)
                .containsExactly("expected an object sync: {types: {...}, direction: ...}, not a value");
    }
}

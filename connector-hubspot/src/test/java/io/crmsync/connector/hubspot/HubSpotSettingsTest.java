package io.crmsync.connector.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.api.AppSettings;
import io.crmsync.api.ConfigProblem;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Settings checks that need no HubSpot: object type names. */
class HubSpotSettingsTest {

    private static List<ConfigProblem> problems(Object objects) {
        return new HubSpotConnectorFactory().validate(new AppSettings("hs", "hubspot",
                Map.of("token", "t0k", "objects", objects), Set.of("t0k")));
    }

    @Test
    void objects_unknownType_isAProblemOnObjectsListingTheStandardTypes() {
        List<ConfigProblem> problems = problems(List.of("companies", "contacts", "widgets"));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.path()).isEqualTo("objects");
            assertThat(p.message()).startsWith("HubSpot has no object type \"widgets\"; its standard ones are "
                    + "contacts, companies, deals");
        });
    }

    @Test
    void objects_standardAndCustomNames_areAccepted() {
        assertThat(problems(List.of("contacts", "deals", "line_items", "p_cars", "p12345_cars", "2-3456", "0-1")))
                .isEmpty();
    }

    @Test
    void associations_notAListOrAnUnknownType_isAProblemOnAssociations() {
        for (Object value : List.of(Map.of("companies", "company_id"), "companies", List.of("companies", "tickets"))) {
            List<ConfigProblem> problems = new HubSpotConnectorFactory().validate(new AppSettings("hs", "hubspot",
                    Map.of("token", "t0k", "associations", value), Set.of("t0k")));

            assertThat(problems).as(String.valueOf(value)).singleElement()
                    .satisfies(p -> assertThat(p.path()).isEqualTo("associations"));
        }
        assertThat(new HubSpotConnectorFactory().validate(new AppSettings("hs", "hubspot",
                Map.of("token", "t0k", "associations", List.of("companies", "tickets")), Set.of("t0k"))))
                .singleElement().satisfies(p -> assertThat(p.message()).contains("\"tickets\"")
                        .contains("companies, contacts, deals"));
        assertThat(new HubSpotConnectorFactory().validate(new AppSettings("hs", "hubspot",
                Map.of("token", "t0k", "associations", List.of("companies", "contacts", "deals")), Set.of("t0k"))))
                .isEmpty();
    }
}

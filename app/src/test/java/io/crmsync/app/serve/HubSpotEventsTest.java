package io.crmsync.app.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HubSpotEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static HubSpotEvents of(String json) throws Exception {
        return HubSpotEvents.of(JSON.readTree(json));
    }

    @Test
    void duplicatedAndShuffledEvents_nameEachIdOnce_perObjectType() throws Exception {
        HubSpotEvents e = of("""
                [{"subscriptionType":"contact.propertyChange","objectId":7,"eventId":2},
                 {"subscriptionType":"company.creation","objectId":3,"eventId":1},
                 {"subscriptionType":"contact.propertyChange","objectId":7,"eventId":2},
                 {"subscriptionType":"contact.creation","objectId":7,"eventId":1}]""");

        assertThat(e.ids()).isEqualTo(Map.of("contacts", Set.of("7"), "companies", Set.of("3")));
    }

    @Test
    void deletionsAndPrivacyDeletions_nameTheDeletedId() throws Exception {
        HubSpotEvents e = of("""
                [{"subscriptionType":"deal.deletion","objectId":11},
                 {"subscriptionType":"contact.privacyDeletion","objectId":12}]""");

        assertThat(e.ids()).isEqualTo(Map.of("deals", Set.of("11"), "contacts", Set.of("12")));
    }

    @Test
    void merge_namesPrimaryAndMergedIds_andIsListedForLinkRepointing() throws Exception {
        HubSpotEvents e = of("""
                [{"subscriptionType":"contact.merge","objectId":5,"primaryObjectId":5,"mergedObjectIds":[6,8],
                  "newObjectId":5}]""");

        assertThat(e.ids().get("contacts")).containsExactlyInAnyOrder("5", "6", "8");
        assertThat(e.merges()).containsExactly(new HubSpotEvents.Merge("contacts", "5", Set.of("6", "8")));
    }

    @Test
    void genericObjectEvents_routeByObjectTypeId() throws Exception {
        HubSpotEvents e = of("""
                [{"subscriptionType":"object.propertyChange","objectTypeId":"0-5","objectId":21},
                 {"subscriptionType":"object.creation","objectTypeId":"2-1234","objectId":22},
                 {"subscriptionType":"product.creation","objectId":23},
                 {"subscriptionType":"ticket.associationChange","fromObjectId":24,"toObjectId":99}]""");

        assertThat(e.ids()).isEqualTo(Map.of("tickets", Set.of("21", "24"), "2-1234", Set.of("22"),
                "products", Set.of("23")));
    }

    @Test
    void eventsOfOtherKindsOrWithoutIds_areSkipped() throws Exception {
        HubSpotEvents e = of("""
                [{"subscriptionType":"conversation.creation","objectId":1},
                 {"subscriptionType":"contact.creation"},
                 {"nothing":true}]""");

        assertThat(e.ids()).isEmpty();
        assertThat(e.skipped()).isEqualTo(3);
    }

    @Test
    void notAnArray_isRejected() {
        assertThatThrownBy(() -> of("{\"objectId\":1}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("JSON array");
    }
}

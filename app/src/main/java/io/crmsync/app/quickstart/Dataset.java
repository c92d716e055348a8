package io.crmsync.app.quickstart;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of both quickstart databases, in memory, with values keyed by the shared property names. The
 * generator builds one, the loader writes it, and the read-back produces an equal one, so expectations can be
 * computed from either and must agree.
 */
record Dataset(List<Row> shopCompanies, List<Row> shopContacts, List<Row> hubspotCompanies,
               List<Row> hubspotContacts, List<Row> shopDeals, List<Row> hubspotDeals, List<Row> shopProducts,
               List<Row> hubspotProducts) {

    Dataset {
        shopCompanies = List.copyOf(shopCompanies);
        shopContacts = List.copyOf(shopContacts);
        hubspotCompanies = List.copyOf(hubspotCompanies);
        hubspotContacts = List.copyOf(hubspotContacts);
        shopDeals = List.copyOf(shopDeals);
        hubspotDeals = List.copyOf(hubspotDeals);
        shopProducts = List.copyOf(shopProducts);
        hubspotProducts = List.copyOf(hubspotProducts);
    }

    /**
     * One table row. {@code values} maps property name to stored text, null when the column is NULL (values
     * are never "" so that "empty" has one spelling in the databases; a deal's pipeline and stage are labels on both
     * sides); {@code parentId} is the company foreign key (the primary company in HubSpot).
     */
    record Row(long id, Map<String, String> values, Long parentId, String updatedAt) {

        Row {
            // LinkedHashMap keeps column order and, unlike Map.copyOf, allows the null values.
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }

        String get(String property) {
            return values.get(property);
        }
    }
}

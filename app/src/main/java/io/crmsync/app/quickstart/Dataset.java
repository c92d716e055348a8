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
               List<Row> hubspotContacts) {

    Dataset {
        shopCompanies = List.copyOf(shopCompanies);
        shopContacts = List.copyOf(shopContacts);
        hubspotCompanies = List.copyOf(hubspotCompanies);
        hubspotContacts = List.copyOf(hubspotContacts);
    }

    /**
     * One table row. {@code values} maps property name to stored text, null when the column is NULL (values
     * are never "" so that "empty" has one spelling in the databases); {@code parentId} is the unmapped
     * company foreign key.
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

package io.crmsync.app.bind;

import io.crmsync.engine.value.KeyKind;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Known object types, their default identifiers (DESIGN.md §1 "matching rule"; HubSpot Data Sync): contacts by
 * email; companies by domain, then name; products by SKU, then name; the others have none; and the properties
 * HubSpot requires on create.
 */
enum ObjectKind {
    CONTACTS, COMPANIES, PRODUCTS, DEALS, TICKETS, INVOICES, ACTIVITIES, OTHER;

    /** The kind of an object sync, from its name or either object type, e.g. {@code customers} → OTHER. */
    static ObjectKind of(String... names) {
        for (String n : names) {
            ObjectKind k = byName(n);
            if (k != OTHER) {
                return k;
            }
        }
        return OTHER;
    }

    private static ObjectKind byName(String name) {
        String n = name == null ? "" : name.toLowerCase(Locale.ROOT);
        return switch (n) {
            case "contacts", "contact", "leads", "people", "persons", "customers" -> CONTACTS;
            case "companies", "company", "accounts", "organizations", "organisations" -> COMPANIES;
            case "products", "product" -> PRODUCTS;
            case "deals", "deal", "opportunities" -> DEALS;
            case "tickets" -> TICKETS;
            case "invoices" -> INVOICES;
            case "calls", "emails", "meetings", "notes", "tasks" -> ACTIVITIES;
            default -> OTHER;
        };
    }

    /**
     * A default match stage: the key kind and, for each app, the property names to look for in order (HubSpot's
     * name first, e.g. {@code hs_sku}, then the plain one a database would use, {@code sku}).
     */
    record DefaultStage(KeyKind kind, List<String> candidates) {
    }

    /** Default match stages (hubspot.md §A.7: contacts by email, companies by domain then name, products by SKU
     * then name). */
    List<DefaultStage> defaultStages() {
        return switch (this) {
            case CONTACTS -> List.of(new DefaultStage(KeyKind.EMAIL, List.of("email")));
            case COMPANIES -> List.of(new DefaultStage(KeyKind.DOMAIN, List.of("domain")),
                    new DefaultStage(KeyKind.COMPANY_NAME, List.of("name")));
            case PRODUCTS -> List.of(new DefaultStage(KeyKind.TEXT, List.of("hs_sku", "sku")),
                    new DefaultStage(KeyKind.TEXT, List.of("name")));
            default -> List.of();
        };
    }

    /**
     * Properties HubSpot requires to create a record of this kind (hubspot.md §B.1, "Required properties on
     * create"). Products leave out {@code hs_folder}, which names a folder of the portal rather than data another
     * app holds; companies need one of domain or name, which no single mapping can promise, so none is listed.
     */
    Set<String> requiredInHubSpot(String objectType) {
        return switch (this) {
            case DEALS -> Set.of("dealname", "dealstage", "pipeline");
            case TICKETS -> Set.of("subject", "hs_pipeline_stage", "hs_pipeline");
            case PRODUCTS -> Set.of("hs_sku", "price", "name", "description");
            case INVOICES -> Set.of("hs_currency");
            case ACTIVITIES -> "emails".equals(objectType) ? Set.of("hs_timestamp", "hs_email_direction")
                    : Set.of("hs_timestamp");
            default -> Set.of();
        };
    }

    /** How a custom identifier property is normalised. */
    KeyKind keyKindFor(String property) {
        String p = property.toLowerCase(Locale.ROOT);
        if (p.contains("email")) {
            return KeyKind.EMAIL;
        }
        if (p.contains("domain") || p.contains("website")) {
            return KeyKind.DOMAIN;
        }
        if (this == COMPANIES && p.contains("name")) {
            return KeyKind.COMPANY_NAME;
        }
        return KeyKind.TEXT;
    }
}

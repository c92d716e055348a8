package io.crmsync.app.bind;

import io.crmsync.engine.plan.MatchStage;
import io.crmsync.engine.value.KeyKind;
import java.util.List;
import java.util.Locale;

/**
 * Known object types and their default identifiers (DESIGN.md §1 "matching rule"; HubSpot Data Sync):
 * contacts by email; companies by domain, then name; products by SKU, then name; the others have none.
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

    /** Default match stages, by HubSpot's property names. */
    List<MatchStage> defaultStages() {
        return switch (this) {
            case CONTACTS -> List.of(new MatchStage("email", "email", KeyKind.EMAIL));
            case COMPANIES -> List.of(new MatchStage("domain", "domain", KeyKind.DOMAIN),
                    new MatchStage("name", "name", KeyKind.COMPANY_NAME));
            case PRODUCTS -> List.of(new MatchStage("sku", "sku", KeyKind.TEXT),
                    new MatchStage("name", "name", KeyKind.TEXT));
            default -> List.of();
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

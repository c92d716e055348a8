package io.crmsync.sandbox;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fills an <em>empty</em> sandbox with companies, contacts, deals and products given by the caller (a demo or a
 * test), and reads them back, in process rather than over HTTP: seeding is not API traffic and must not use up the
 * rate limit.
 *
 * <p>Records are created through the same property validation as the API, in one transaction and in the order
 * given, so the same input always gets the same ids on a fresh store. A contact may name its company: it then gets
 * HubSpot's primary contact-to-company association (typeId 1, which also shows the unlabeled typeId 279), and a
 * deal its primary deal-to-company association (typeId 5, with the unlabeled 341). Deal pipelines and custom
 * properties the records need are added first ({@link #dealPipeline}, {@link #textProperty}). A store
 * holding any record, live or archived, is left untouched, so a restart never seeds twice. Thread-safe: the store
 * serialises the transaction against concurrent API calls.
 */
public final class SandboxSeed {

    /** A company to create: {@code key} is the caller's own id for it, used by {@link Contact#companyKey()}. */
    public record Company(String key, Map<String, String> properties) {
        public Company {
            properties = copy(properties);
        }
    }

    /** A contact to create; {@code companyKey} names its primary company, or is null for none. */
    public record Contact(Map<String, String> properties, String companyKey) {
        public Contact {
            properties = copy(properties);
        }
    }

    /** A deal to create; {@code companyKey} names its primary company, or is null for none. */
    public record Deal(Map<String, String> properties, String companyKey) {
        public Deal {
            properties = copy(properties);
        }
    }

    /**
     * What was created: the sandbox id of each company by its key and of each contact in input order. Empty and
     * {@code seeded=false} when the store was not empty.
     */
    public record Result(boolean seeded, Map<String, Long> companyIds, List<Long> contactIds,
                         int primaryAssociations) {
    }

    /** A live record as stored: sandbox id, its set properties (no calculated ones) and, for contacts and deals,
     * the id of its primary company (null when none). */
    public record Stored(long id, Map<String, String> properties, Long primaryCompanyId) {
    }

    private SandboxSeed() {
    }

    /**
     * Seeds {@code server}'s store if it holds no record. Property values are stripped and blank ones left out, as
     * HubSpot stores them.
     *
     * @throws ApiException          if a property is unknown or invalid, or two contacts share an email; nothing is
     *                               created then
     * @throws IllegalArgumentException if a contact names a company key that is not in {@code companies}
     */
    public static Result apply(SandboxServer server, List<Company> companies, List<Contact> contacts) {
        return apply(server, companies, contacts, List.of(), List.of());
    }

    /**
     * Seeds {@code server}'s store if it holds no record, as {@link #apply(SandboxServer, List, List)}, then adds the
     * deals (each with its primary company) and the products (their properties), in the order given.
     * {@link Result#primaryAssociations()} counts contacts' and deals' primary companies.
     *
     * @throws ApiException          if a property is unknown or invalid (a deal stage that is not a stage id, say), or
     *                               two contacts share an email; nothing is created then
     * @throws IllegalArgumentException if a contact or deal names a company key that is not in {@code companies}
     */
    public static Result apply(SandboxServer server, List<Company> companies, List<Contact> contacts,
                               List<Deal> deals, List<Map<String, String>> products) {
        RecordStore store = server.store();
        ObjectService service = server.objectService();
        AssociationService associations = server.associationService();
        AssociationTypes.Type primary = AssociationTypes.find(ObjectType.CONTACTS, ObjectType.COMPANIES, 1)
                .orElseThrow();
        return store.inTransaction(() -> {
            if (!store.isEmpty()) {
                return new Result(false, Map.of(), List.of(), 0);
            }
            Map<String, Long> companyIds = new LinkedHashMap<>();
            for (Company c : companies) {
                companyIds.put(c.key(), service.create(ObjectType.COMPANIES, json(c.properties())).id());
            }
            List<Long> contactIds = new ArrayList<>();
            int primaries = 0;
            for (Contact c : contacts) {
                long id = service.create(ObjectType.CONTACTS, json(c.properties())).id();
                contactIds.add(id);
                if (c.companyKey() != null) {
                    Long company = companyIds.get(c.companyKey());
                    if (company == null) {
                        throw new IllegalArgumentException("contact " + c.properties().get("email")
                                + " names company key " + c.companyKey() + ", which is not among the companies");
                    }
                    associations.associate(ObjectType.CONTACTS, Long.toString(id), ObjectType.COMPANIES,
                            Long.toString(company), List.of(primary));
                    primaries++;
                }
            }
            AssociationTypes.Type dealPrimary = AssociationTypes.find(ObjectType.DEALS, ObjectType.COMPANIES, 5)
                    .orElseThrow();
            for (Deal d : deals) {
                long id = service.create(ObjectType.DEALS, json(d.properties())).id();
                if (d.companyKey() != null) {
                    Long company = companyIds.get(d.companyKey());
                    if (company == null) {
                        throw new IllegalArgumentException("deal " + d.properties().get("dealname")
                                + " names company key " + d.companyKey() + ", which is not among the companies");
                    }
                    associations.associate(ObjectType.DEALS, Long.toString(id), ObjectType.COMPANIES,
                            Long.toString(company), List.of(dealPrimary));
                    primaries++;
                }
            }
            for (Map<String, String> p : products) {
                service.create(ObjectType.PRODUCTS, json(p));
            }
            return new Result(true, Map.copyOf(companyIds), List.copyOf(contactIds), primaries);
        });
    }

    /** An owner to create (a HubSpot user records can be assigned to); {@code active=false} is a deactivated user. */
    public record OwnerSeed(String email, String firstName, String lastName, boolean active) {
    }

    /**
     * Creates the given owners, in order, if the sandbox has none (active or not), so a restart never seeds them
     * twice; in one transaction.
     *
     * @return the new owner ids by email as given, in input order; empty when owners existed already
     * @throws ApiException 400 for an owner without a valid email, 409 for two owners with one email (nothing is
     *                      created then)
     */
    public static Map<String, String> owners(SandboxServer server, List<OwnerSeed> owners) {
        OwnerStore store = server.ownerStore();
        return store.inTransaction(() -> {
            Map<String, String> ids = new LinkedHashMap<>();
            if (!store.page(0, false, null, 1).isEmpty() || !store.page(0, true, null, 1).isEmpty()) {
                return ids;
            }
            for (OwnerSeed o : owners) {
                if (o.email() == null || !o.email().strip().matches("[^@\\s]+@[^@\\s]+")) {
                    throw ApiException.validation("owner email must be an email address; got \"" + o.email() + "\"");
                }
                ids.put(o.email(), Long.toString(store.create(o.email(), o.firstName(), o.lastName(), null,
                        !o.active(), List.of()).id()));
            }
            return ids;
        });
    }

    /**
     * The deal pipeline labelled {@code label}, created with {@code displayOrder} (the default pipeline's is 0) and
     * {@code stages} (their ids are ignored; the sandbox gives them out) if the account has none of that label yet.
     *
     * @throws ApiException 400 for an empty or duplicate stage label or a probability outside 0.0–1.0
     */
    public static DealPipelines.Pipeline dealPipeline(SandboxServer server, String label, int displayOrder,
                                                      List<DealPipelines.Stage> stages) {
        DealPipelines pipelines = server.dealPipelines();
        for (DealPipelines.Pipeline p : pipelines.list()) {
            if (p.label().equals(label)) {
                return p;
            }
        }
        return pipelines.create(label, displayOrder, stages, server.clock().now());
    }

    /** Creates the custom single-line text property {@code name} on {@code objectType} unless it exists. */
    public static void textProperty(SandboxServer server, String objectType, String name, String label) {
        ObjectType type = ObjectType.fromPath(objectType)
                .orElseThrow(() -> new IllegalArgumentException("unknown object type " + objectType));
        PropertyCatalog catalog = server.propertyCatalog();
        if (catalog.find(type, name).isPresent()) {
            return;
        }
        PropertyDef def = new PropertyDef(name, label, "string", "text", type.singularUpper().toLowerCase(
                java.util.Locale.ROOT) + "information", List.of(), false, false, false, catalog.nextDisplayOrder(type));
        ObjectNode json = JsonNodeFactory.instance.objectNode().put("name", name).put("label", label)
                .put("type", "string").put("fieldType", "text").put("groupName", def.groupName())
                .put("readOnlyValue", false).put("hasUniqueValue", false).put("calculated", false)
                .put("displayOrder", def.displayOrder());
        json.putArray("options");
        java.time.Instant now = server.clock().now();
        CustomPropertyStore stored = new CustomPropertyStore(server.store());
        catalog.addCustom(type, def, now, () -> stored.insert(type, name, json.toString(), now));
    }

    /**
     * Every live record of {@code objectType} ("companies", "contacts", ...), in id order.
     *
     * @throws IllegalArgumentException for an unknown object type
     */
    public static List<Stored> records(SandboxServer server, String objectType) {
        ObjectType type = ObjectType.fromPath(objectType)
                .orElseThrow(() -> new IllegalArgumentException("unknown object type " + objectType));
        List<Stored> out = new ArrayList<>();
        for (StoredRecord r : server.store().all(type, false)) {
            Long company = null;
            if (type == ObjectType.CONTACTS || type == ObjectType.DEALS) {
                int primary = type == ObjectType.CONTACTS ? 1 : 5;
                company = server.associationService().grouped(type, r.id(), ObjectType.COMPANIES)
                        .entrySet().stream()
                        .filter(e -> e.getValue().stream().anyMatch(row -> row.typeId() == primary))
                        .map(Map.Entry::getKey).findFirst().orElse(null);
            }
            out.add(new Stored(r.id(), Map.copyOf(r.properties()), company));
        }
        return out;
    }

    private static ObjectNode json(Map<String, String> properties) {
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        properties.forEach((k, v) -> {
            if (v != null && !v.isBlank()) {
                p.put(k, v.strip());
            }
        });
        return p;
    }

    private static Map<String, String> copy(Map<String, String> properties) {
        // LinkedHashMap: keeps the caller's order and, unlike Map.copyOf, allows null (left-out) values.
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }
}

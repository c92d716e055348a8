package io.crmsync.sandbox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The properties of each object type: the default (HubSpot-defined) ones plus custom ones created through
 * {@code POST /crm/v3/properties/{objectType}} (hubspot.md §B.6). Contacts, companies, deals and products carry a
 * representative default set with HubSpot's names, types and options; the other types carry their default and
 * searchable properties (§B.5) and the properties required on create (§B.1). The options of the deal
 * enumerations {@code pipeline} and {@code dealstage} are the {@link DealPipelines} once the server attaches them
 * ({@link #usePipelines}). Custom properties follow the
 * defaults in creation order; the server persists them in the {@link RecordStore} and re-adds them on start.
 * Thread-safe (defaults immutable, custom ones under one lock).
 */
public final class PropertyCatalog {
    /**
     * Types with HubSpot's owner property {@code hubspot_owner_id}: an enumeration whose options are the owners
     * ({@code referencedObjectType: OWNER}, §B.6), so a value must be an active owner's id.
     */
    private static final java.util.Set<ObjectType> WITH_OWNER = java.util.EnumSet.of(ObjectType.CONTACTS,
            ObjectType.COMPANIES, ObjectType.DEALS, ObjectType.TICKETS, ObjectType.CALLS, ObjectType.EMAILS,
            ObjectType.MEETINGS, ObjectType.NOTES, ObjectType.TASKS, ObjectType.LEADS);
    private final Map<ObjectType, Map<String, PropertyDef>> byType = new EnumMap<>(ObjectType.class);
    private final Map<ObjectType, Map<String, Custom>> custom = new EnumMap<>(ObjectType.class);
    private DealPipelines pipelines;

    /** A custom property and when it was created. */
    record Custom(PropertyDef def, Instant createdAt) {
    }

    /** The built-in catalog. */
    public static PropertyCatalog defaults() {
        return new PropertyCatalog();
    }

    private PropertyCatalog() {
        for (ObjectType t : ObjectType.values()) {
            Builder b = new Builder(t);
            b.system();
            switch (t) {
                case CONTACTS -> b.text("email", "Email", true)
                        .text("firstname", "First Name").text("lastname", "Last Name")
                        .phone("phone", "Phone Number").phone("mobilephone", "Mobile Phone Number")
                        .text("company", "Company Name").text("website", "Website URL")
                        .text("jobtitle", "Job Title").text("city", "City").text("country", "Country/Region")
                        .text("hs_additional_emails", "Additional email addresses").readOnly()
                        .enumeration("lifecyclestage", "Lifecycle Stage", "select", "subscriber", "lead",
                                "marketingqualifiedlead", "salesqualifiedlead", "opportunity", "customer",
                                "evangelist", "other")
                        .bool("hs_email_optout", "Unsubscribed from all email");
                case COMPANIES -> b.text("name", "Company name").text("domain", "Company Domain Name")
                        .text("website", "Website URL").phone("phone", "Phone Number").text("city", "City")
                        .text("country", "Country/Region").text("industry", "Industry")
                        .number("numberofemployees", "Number of Employees")
                        .number("annualrevenue", "Annual Revenue")
                        .enumeration("type", "Type", "select", "PROSPECT", "PARTNER", "RESELLER", "VENDOR", "OTHER");
                case DEALS -> b.text("dealname", "Deal Name").number("amount", "Amount")
                        .datetime("closedate", "Close Date")
                        .enumeration("pipeline", "Pipeline", "select")
                        .enumeration("dealstage", "Deal Stage", "radio")
                        .text("description", "Deal Description")
                        .enumeration("dealtype", "Deal Type", "radio", "newbusiness", "existingbusiness");
                case PRODUCTS -> b.text("name", "Name").text("description", "Description")
                        .number("price", "Unit price").text("hs_sku", "Product SKU")
                        .number("hs_folder_id", "Folder").number("hs_cost_of_goods_sold", "Unit cost")
                        .enumeration("hs_recurring_billing_period", "Term", "select", "P1M", "P3M", "P6M", "P12M");
                case TICKETS -> b.text("subject", "Ticket name").text("content", "Ticket description")
                        .text("hs_pipeline", "Pipeline").text("hs_pipeline_stage", "Ticket status")
                        .enumeration("hs_ticket_category", "Category", "checkbox", "PRODUCT_ISSUE",
                                "BILLING_ISSUE", "FEATURE_REQUEST", "GENERAL_INQUIRY")
                        .enumeration("hs_ticket_priority", "Priority", "select", "LOW", "MEDIUM", "HIGH", "URGENT");
                case LINE_ITEMS -> b.text("name", "Name").number("quantity", "Quantity")
                        .number("price", "Unit price").number("amount", "Net price").readOnly()
                        .text("hs_product_id", "Product ID");
                case INVOICES -> b.text("hs_currency", "Currency").text("hs_title", "Title");
                case CALLS -> b.activity().text("hs_call_title", "Call Title").text("hs_call_body", "Call notes");
                case NOTES -> b.activity().text("hs_note_body", "Note body");
                case TASKS -> b.activity().text("hs_task_subject", "Task Title").text("hs_task_body", "Notes")
                        .enumeration("hs_task_status", "Task Status", "select", "NOT_STARTED", "COMPLETED");
                case MEETINGS -> b.activity().text("hs_meeting_title", "Meeting name")
                        .text("hs_meeting_body", "Meeting description");
                case EMAILS -> b.activity().text("hs_email_subject", "Email subject").text("hs_email_text", "Body")
                        .enumeration("hs_email_direction", "Email direction", "select", "EMAIL", "INCOMING_EMAIL",
                                "FORWARDED_EMAIL");
                case LEADS -> b.leads();
                default -> { }
            }
            if (MergeRoutes.MERGEABLE.contains(t)) {
                // The ids merged into the record, ';'-separated (hubspot.md §B.11); set by the merge endpoint only.
                b.text("hs_merged_object_ids", "Merged record IDs").readOnly();
            }
            AssociationEffects.labels(t).forEach(b::calculatedNumber);
            if (WITH_OWNER.contains(t)) {
                b.owner();
            }
            byType.put(t, Collections.unmodifiableMap(b.defs));
        }
    }

    /** Takes the options of the deal properties {@code pipeline} and {@code dealstage} from {@code value}. */
    synchronized void usePipelines(DealPipelines value) {
        this.pipelines = value;
    }

    /** All properties of {@code type}, in display order (defaults, then custom ones in creation order). */
    public synchronized List<PropertyDef> list(ObjectType type) {
        List<PropertyDef> out = new ArrayList<>();
        byType.get(type).values().forEach(d -> out.add(withPipelineOptions(type, d)));
        custom.getOrDefault(type, Map.of()).values().forEach(c -> out.add(c.def()));
        return out;
    }

    public synchronized Optional<PropertyDef> find(ObjectType type, String name) {
        PropertyDef def = byType.get(type).get(name);
        if (def == null) {
            Custom c = custom.getOrDefault(type, Map.of()).get(name);
            def = c == null ? null : c.def();
        }
        return Optional.ofNullable(def).map(d -> withPipelineOptions(type, d));
    }

    /** The deal pipeline properties with the account's pipelines and stages as options (value = id). */
    private PropertyDef withPipelineOptions(ObjectType type, PropertyDef def) {
        if (type != ObjectType.DEALS || pipelines == null
                || !def.name().equals("pipeline") && !def.name().equals("dealstage")) {
            return def;
        }
        List<PropertyDef.Option> options = def.name().equals("pipeline") ? pipelines.pipelineOptions()
                : pipelines.stageOptions();
        return new PropertyDef(def.name(), def.label(), def.type(), def.fieldType(), def.groupName(), options,
                def.readOnlyValue(), def.hasUniqueValue(), def.calculated(), def.displayOrder());
    }

    /** When a custom property was created; empty for HubSpot-defined (and unknown) properties. */
    synchronized Optional<Instant> customCreatedAt(ObjectType type, String name) {
        return Optional.ofNullable(custom.getOrDefault(type, Map.of()).get(name)).map(Custom::createdAt);
    }

    /** The next display order for a new custom property of {@code type}. */
    synchronized int nextDisplayOrder(ObjectType type) {
        return byType.get(type).size() + custom.getOrDefault(type, Map.of()).size();
    }

    /**
     * Adds a custom property after running {@code persist} (under the catalog lock, so two creates of one name
     * cannot both pass the check).
     *
     * @throws ApiException 409 CONFLICT when {@code type} already has a property of that name
     */
    synchronized void addCustom(ObjectType type, PropertyDef def, Instant createdAt, Runnable persist) {
        if (find(type, def.name()).isPresent()) {
            throw new ApiException(409, "CONFLICT", "A property named '" + def.name() + "' already exists.")
                    .context("name", List.of(def.name()));
        }
        persist.run();
        restoreCustom(type, def, createdAt);
    }

    /** Re-adds a persisted custom property (server start); no conflict check. */
    synchronized void restoreCustom(ObjectType type, PropertyDef def, Instant createdAt) {
        custom.computeIfAbsent(type, t -> new LinkedHashMap<>()).put(def.name(), new Custom(def, createdAt));
    }

    /** Fluent builder: each call appends one definition; {@link #readOnly()} marks the last one read-only. */
    private static final class Builder {
        private final ObjectType type;
        private final Map<String, PropertyDef> defs = new LinkedHashMap<>();
        private PropertyDef last;

        Builder(ObjectType type) {
            this.type = type;
        }

        /** Calculated properties every type has (§B.12): id, create date and last-modified date. */
        void system() {
            add(type.createDateProperty(), "Create Date", "datetime", "date", List.of(), true, false, true);
            add(type.lastModifiedProperty(), "Last Modified Date", "datetime", "date", List.of(), true, false, true);
            add("hs_object_id", "Record ID", "number", "number", List.of(), true, false, true);
        }

        /** A read-only number HubSpot maintains itself, such as {@code num_associated_contacts}. */
        Builder calculatedNumber(String name, String label) {
            return add(name, label, "number", "number", List.of(), true, false, true);
        }

        Builder activity() {
            return datetime("hs_timestamp", "Activity date");
        }

        Builder text(String name, String label) {
            return text(name, label, false);
        }

        /** The owner property; its options are the owners API's, so none are listed here. */
        Builder owner() {
            String group = this.type.singularUpper().toLowerCase() + "information";
            last = new PropertyDef("hubspot_owner_id", "Owner", "enumeration", "select", group, List.of(), false,
                    false, false, defs.size(), PropertyDef.OWNER);
            defs.put(last.name(), last);
            return this;
        }

        /**
         * A lead's name, its stage in the default lead pipeline, its type and label. hubspot.md lists leads only by
         * type id (§B.1) and as a data-sync target (§A.3, §A.7); the names and stage ids follow HubSpot's leads
         * object. HubSpot also asks for a contact association on create, which hubspot.md does not describe, so
         * the sandbox does not require one.
         */
        Builder leads() {
            text("hs_lead_name", "Lead name");
            labelled("hs_pipeline", "Pipeline", "lead-pipeline-id", "Lead pipeline");
            labelled("hs_pipeline_stage", "Lead stage", "new-stage-id", "New", "attempting-stage-id", "Attempting",
                    "connected-stage-id", "Connected", "qualified-stage-id", "Qualified", "unqualified-stage-id",
                    "Disqualified");
            labelled("hs_lead_type", "Lead type", "NEW_BUSINESS", "New business", "UPSELL", "Upsell",
                    "RE_ATTEMPTING", "Re-attempting");
            return labelled("hs_lead_label", "Lead label", "COLD", "Cold", "WARM", "Warm", "HOT", "Hot");
        }

        /** A select enumeration from (value, label) pairs. */
        private Builder labelled(String name, String label, String... valueLabel) {
            List<PropertyDef.Option> options = new ArrayList<>();
            for (int i = 0; i < valueLabel.length; i += 2) {
                options.add(new PropertyDef.Option(valueLabel[i + 1], valueLabel[i], i / 2));
            }
            return add(name, label, "enumeration", "select", options, false, false, false);
        }

        Builder text(String name, String label, boolean unique) {
            return add(name, label, "string", "text", List.of(), false, unique, false);
        }

        Builder phone(String name, String label) {
            return add(name, label, "string", "phonenumber", List.of(), false, false, false);
        }

        Builder number(String name, String label) {
            return add(name, label, "number", "number", List.of(), false, false, false);
        }

        Builder datetime(String name, String label) {
            return add(name, label, "datetime", "date", List.of(), false, false, false);
        }

        Builder bool(String name, String label) {
            return add(name, label, "bool", "booleancheckbox",
                    List.of(new PropertyDef.Option("Yes", "true", 0), new PropertyDef.Option("No", "false", 1)),
                    false, false, false);
        }

        Builder enumeration(String name, String label, String fieldType, String... values) {
            List<PropertyDef.Option> options = new ArrayList<>();
            for (int i = 0; i < values.length; i++) {
                options.add(new PropertyDef.Option(values[i], values[i], i));
            }
            return add(name, label, "enumeration", fieldType, options, false, false, false);
        }

        Builder readOnly() {
            last = new PropertyDef(last.name(), last.label(), last.type(), last.fieldType(), last.groupName(),
                    last.options(), true, last.hasUniqueValue(), last.calculated(), last.displayOrder());
            defs.put(last.name(), last);
            return this;
        }

        private Builder add(String name, String label, String type, String fieldType, List<PropertyDef.Option> options,
                            boolean readOnly, boolean unique, boolean calculated) {
            String group = this.type.singularUpper().toLowerCase() + "information";
            last = new PropertyDef(name, label, type, fieldType, group, options, readOnly, unique, calculated,
                    defs.size());
            defs.put(name, last);
            return this;
        }
    }
}

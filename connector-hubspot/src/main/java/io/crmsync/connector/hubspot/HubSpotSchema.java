package io.crmsync.connector.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import io.crmsync.api.ObjectSchema;
import io.crmsync.api.PropertyDef;
import io.crmsync.api.PropertyOption;
import io.crmsync.api.PropertyType;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Maps HubSpot's properties API (hubspot.md §B.6) to {@link ObjectSchema}: {@code type} string → STRING
 * (fieldType phonenumber → PHONE), phone_number → PHONE, number → NUMBER, bool → BOOL, date → DATE,
 * datetime → DATETIME, enumeration → ENUMERATION, or MULTISELECT with delimiter {@code ;} when fieldType is
 * {@code checkbox}, or BOOL when fieldType is {@code booleancheckbox}. Read-only from
 * {@code modificationMetadata.readOnlyValue}, unique from {@code hasUniqueValue}. An owner property
 * ({@code referencedObjectType: OWNER}, §B.6) is an ENUMERATION whose options are the account's active owners
 * ({@link HubSpotOwners}); read-only when they cannot be read. Stateless.
 */
final class HubSpotSchema {
    private HubSpotSchema() {
    }

    /**
     * The schema of {@code objectType} from a properties answer, plus the connector's association properties.
     *
     * @param owners the active owners as options, asked for only when the schema has an owner property; empty
     *               when they may not be read
     */
    static ObjectSchema parse(String objectType, JsonNode body, List<PropertyDef> associations,
                              Supplier<Optional<List<PropertyOption>>> owners) {
        List<PropertyDef> defs = new ArrayList<>();
        for (JsonNode p : body.path("results")) {
            if (p.path("archived").asBoolean(false)) {
                continue;
            }
            List<PropertyOption> options = new ArrayList<>();
            for (JsonNode o : p.path("options")) {
                if (!o.path("hidden").asBoolean(false)) {
                    options.add(new PropertyOption(o.path("value").asText(), o.path("label").asText(null)));
                }
            }
            PropertyType type = type(p.path("type").asText(), p.path("fieldType").asText());
            boolean readOnly = p.path("modificationMetadata").path("readOnlyValue").asBoolean(false)
                    || p.path("calculated").asBoolean(false);
            if ("OWNER".equals(p.path("referencedObjectType").asText())) {
                Optional<List<PropertyOption>> known = owners.get();
                defs.add(new PropertyDef(p.path("name").asText(), PropertyType.ENUMERATION,
                        known.orElse(List.of()), readOnly || known.isEmpty(), false, ";"));
                continue;
            }
            defs.add(new PropertyDef(p.path("name").asText(), type,
                    type == PropertyType.BOOL ? List.of() : options, readOnly,
                    p.path("hasUniqueValue").asBoolean(false), ";"));
        }
        defs.addAll(associations);
        return ObjectSchema.of(objectType, defs);
    }

    static PropertyType type(String type, String fieldType) {
        return switch (type) {
            case "number" -> PropertyType.NUMBER;
            case "bool" -> PropertyType.BOOL;
            case "date" -> PropertyType.DATE;
            case "datetime" -> PropertyType.DATETIME;
            case "phone_number" -> PropertyType.PHONE;
            case "enumeration" -> switch (fieldType) {
                case "checkbox" -> PropertyType.MULTISELECT;
                case "booleancheckbox" -> PropertyType.BOOL;
                default -> PropertyType.ENUMERATION;
            };
            default -> "phonenumber".equals(fieldType) ? PropertyType.PHONE : PropertyType.STRING;
        };
    }

    /**
     * A HubSpot date/datetime value as epoch milliseconds: accepts epoch ms, ISO-8601 instants and
     * {@code yyyy-MM-dd} (UTC midnight, §B.2). Returns 0 for empty or unparseable values.
     */
    static long epochMillis(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        String v = value.strip();
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException notEpoch) {
            try {
                return Instant.parse(v).toEpochMilli();
            } catch (DateTimeParseException notInstant) {
                try {
                    return LocalDate.parse(v).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
                } catch (DateTimeParseException e) {
                    return 0;
                }
            }
        }
    }
}

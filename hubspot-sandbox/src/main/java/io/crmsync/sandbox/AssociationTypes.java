package io.crmsync.sandbox;

import static io.crmsync.sandbox.ObjectType.CALLS;
import static io.crmsync.sandbox.ObjectType.COMPANIES;
import static io.crmsync.sandbox.ObjectType.CONTACTS;
import static io.crmsync.sandbox.ObjectType.DEALS;
import static io.crmsync.sandbox.ObjectType.EMAILS;
import static io.crmsync.sandbox.ObjectType.INVOICES;
import static io.crmsync.sandbox.ObjectType.MEETINGS;
import static io.crmsync.sandbox.ObjectType.NOTES;
import static io.crmsync.sandbox.ObjectType.TASKS;
import static io.crmsync.sandbox.ObjectType.TICKETS;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The HUBSPOT_DEFINED association types the sandbox knows (hubspot.md §B.7). Types are directional: each has its
 * own typeId and the typeId of the opposite direction. Sources of the ids:
 * <ul>
 * <li>§B.7 tables: contact↔company primary 1/2 and unlabeled 279/280; deal↔company primary 5/6 and unlabeled
 * 341/342; ticket↔company primary 26/25 and unlabeled 339/340; deal↔contact 3/4; contact↔ticket 15/16;
 * deal↔ticket 27/28;</li>
 * <li>§B.7 "Activities" ranges 181–216 (company/contact/deal ↔ call/email/meeting/note/task): the individual ids
 * follow the documented examples (contactToNote 201, noteToContact 202, contactToEmail 197, meetingToContact 200)
 * and HubSpot's published table: companyToCall 181 … taskToCompany 192, contactToCall 193 … taskToContact 204,
 * dealToCall 205 … taskToDeal 216;</li>
 * <li>invoice↔contact: §B.7 lists none. The sandbox uses invoiceToContact 177 / contactToInvoice 178, the ids of
 * HubSpot's public association-type table as we remember it <b>[unverified; not in hubspot.md]</b>.</li>
 * </ul>
 * Primary types carry the label {@code "Primary"}; unlabeled types have a null label. Every typeId is unique across
 * pairs, so a typeId alone names its pair.
 */
final class AssociationTypes {
    static final String HUBSPOT_DEFINED = "HUBSPOT_DEFINED";
    static final String PRIMARY_LABEL = "Primary";

    /** One direction of an association type. */
    record Type(ObjectType from, ObjectType to, int typeId, int inverseTypeId, boolean primary) {
        String label() {
            return primary ? PRIMARY_LABEL : null;
        }

        /** v3 name, e.g. {@code contact_to_company} (primary) or {@code contact_to_company_unlabeled}. */
        String v3Name(boolean pairHasPrimary) {
            String base = singular(from) + "_to_" + singular(to);
            return pairHasPrimary && !primary ? base + "_unlabeled" : base;
        }
    }

    private static final Map<Integer, Type> BY_ID = new LinkedHashMap<>();

    static {
        pair(CONTACTS, COMPANIES, 279, 280, 1, 2);
        pair(DEALS, COMPANIES, 341, 342, 5, 6);
        pair(TICKETS, COMPANIES, 339, 340, 26, 25);
        pair(DEALS, CONTACTS, 3, 4, 0, 0);
        pair(CONTACTS, TICKETS, 15, 16, 0, 0);
        pair(DEALS, TICKETS, 27, 28, 0, 0);
        pair(INVOICES, CONTACTS, 177, 178, 0, 0);
        int base = 181;
        for (ObjectType owner : new ObjectType[] {COMPANIES, CONTACTS, DEALS}) {
            // per owner: call, (2 ids HubSpot keeps for another activity), email, meeting, note, task
            pair(owner, CALLS, base, base + 1, 0, 0);
            pair(owner, EMAILS, base + 4, base + 5, 0, 0);
            pair(owner, MEETINGS, base + 6, base + 7, 0, 0);
            pair(owner, NOTES, base + 8, base + 9, 0, 0);
            pair(owner, TASKS, base + 10, base + 11, 0, 0);
            base += 12;
        }
    }

    private AssociationTypes() {
    }

    private static void pair(ObjectType a, ObjectType b, int aToB, int bToA, int primaryAToB, int primaryBToA) {
        BY_ID.put(aToB, new Type(a, b, aToB, bToA, false));
        BY_ID.put(bToA, new Type(b, a, bToA, aToB, false));
        if (primaryAToB != 0) {
            BY_ID.put(primaryAToB, new Type(a, b, primaryAToB, primaryBToA, true));
            BY_ID.put(primaryBToA, new Type(b, a, primaryBToA, primaryAToB, true));
        }
    }

    /** The type with this id going from {@code from} to {@code to}, if any. */
    static Optional<Type> find(ObjectType from, ObjectType to, int typeId) {
        Type t = BY_ID.get(typeId);
        return t != null && t.from() == from && t.to() == to ? Optional.of(t) : Optional.empty();
    }

    /** The type with this id, for inline associations where only the source type is known. */
    static Optional<Type> find(ObjectType from, int typeId) {
        Type t = BY_ID.get(typeId);
        return t != null && t.from() == from ? Optional.of(t) : Optional.empty();
    }

    /** Every type from {@code from} to {@code to}, unlabeled first. */
    static List<Type> between(ObjectType from, ObjectType to) {
        List<Type> out = new ArrayList<>();
        BY_ID.values().stream().filter(t -> t.from() == from && t.to() == to && !t.primary()).forEach(out::add);
        BY_ID.values().stream().filter(t -> t.from() == from && t.to() == to && t.primary()).forEach(out::add);
        return out;
    }

    /** The unlabeled (default) type from {@code from} to {@code to}; empty when the pair is not associable. */
    static Optional<Type> unlabeled(ObjectType from, ObjectType to) {
        return between(from, to).stream().filter(t -> !t.primary()).findFirst();
    }

    static boolean hasPrimary(ObjectType from, ObjectType to) {
        return between(from, to).stream().anyMatch(Type::primary);
    }

    static String singular(ObjectType t) {
        return t.singularUpper().toLowerCase(Locale.ROOT);
    }
}

package io.crmsync.engine.plan;

import io.crmsync.api.Record;
import io.crmsync.engine.model.Side;
import io.crmsync.engine.value.ConversionException;
import io.crmsync.engine.value.Keys;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The contacts option {@code companyFromEmailDomain}: a contact that has no company in either app is associated,
 * in each app the association is written into, with the one company of that app whose domain is the contact's
 * email domain (field case C-05). Domains compare as company matching compares them ({@link Keys#domain}:
 * case, scheme, {@code www.}, port and path do not matter). Never for a free-mail domain
 * ({@link ObjectSyncSettings#freeMailDomains()}), never when two or more companies of the app have the domain,
 * never creating a company and never replacing a company the contact has in either app. A company found in one
 * app only reaches the other app through the companies object sync's links, as any association value does. The
 * values go into the run's plan as ordinary writes, so they are audited, and the next run finds them equal to the
 * base and writes nothing.
 *
 * <p>Immutable and thread-safe. The binder makes it without companies; the runner adds, for each run, the
 * companies of both apps whose domain is the email domain of a contact read ({@link #withCompanies}).
 *
 * @param association      the companies object sync's name: the {@link FieldMapping#association()} of the
 *                         association mapping that is written
 * @param emailProperties  per side, the contacts' email property
 * @param companyTypes     per side, the companies' object type
 * @param domainProperties per side, the companies' domain property
 * @param companies        per side, normalised domain → ids of that app's companies holding it; empty until the
 *                         runner fills it
 */
public record CompanyFromDomain(String association, Map<Side, String> emailProperties, Map<Side, String> companyTypes,
                                Map<Side, String> domainProperties, Map<Side, Map<String, Set<String>>> companies) {
    public CompanyFromDomain {
        Objects.requireNonNull(association, "association");
        emailProperties = Map.copyOf(emailProperties);
        companyTypes = Map.copyOf(companyTypes);
        domainProperties = Map.copyOf(domainProperties);
        Map<Side, Map<String, Set<String>>> copy = new EnumMap<>(Side.class);
        companies.forEach((side, byDomain) -> copy.put(side, Map.copyOf(byDomain)));
        companies = copy;
    }

    /** The option as bound from the config, before a run has looked any company up. */
    public CompanyFromDomain(String association, Map<Side, String> emailProperties, Map<Side, String> companyTypes,
                             Map<Side, String> domainProperties) {
        this(association, emailProperties, companyTypes, domainProperties, Map.of());
    }

    /** This option with one run's companies by normalised domain, per side. */
    public CompanyFromDomain withCompanies(Map<Side, Map<String, Set<String>>> found) {
        return new CompanyFromDomain(association, emailProperties, companyTypes, domainProperties, found);
    }

    /**
     * The normalised domain of a contact's email ({@code "Ann@WWW.Acme.example "} → {@code acme.example}), or
     * {@code null} when the value is empty, is not an email, or its domain is in {@code freeMail}.
     */
    public static String emailDomain(String email, Set<String> freeMail) {
        String e = Keys.email(email);
        int at = e == null ? -1 : e.lastIndexOf('@');
        if (at < 0 || at == e.length() - 1) {
            return null;
        }
        String domain = Keys.domain(e.substring(at + 1));
        return domain == null || freeMail.contains(domain) ? null : domain;
    }

    /**
     * Adds the derived company writes to one pair's merge (see the class description). Called by the merger after
     * every mapping is merged.
     *
     * @param a      the record in app A, {@code null} when it is created from {@code b}
     * @param b      the record in app B, {@code null} when it is created from {@code a}
     * @param writes per side, the native values the merge writes; receives the association values
     * @param base   per side, the base the merge stores; receives their canonical values
     */
    void derive(ObjectSyncSettings settings, Record a, Record b, Map<Side, Map<String, String>> writes,
                Map<Side, Map<String, String>> base) {
        FieldMapping m = settings.mappings().stream()
                .filter(f -> f.enabled() && association.equals(f.association())).findFirst().orElse(null);
        if (m == null) {
            return;
        }
        Map<Side, Record> records = new EnumMap<>(Side.class);
        if (a != null) {
            records.put(Side.A, a);
        }
        if (b != null) {
            records.put(Side.B, b);
        }
        for (Side side : Side.values()) {
            Record r = records.get(side);
            // A company the contact has, or gets in this run, is the association sync's to decide.
            if ((r != null && Keys.trim(r.get(m.property(side))) != null)
                    || writes.get(side).containsKey(m.property(side))) {
                return;
            }
        }
        Map<Side, String> found = new EnumMap<>(Side.class);
        Map<Side, Boolean> ambiguous = new EnumMap<>(Side.class);
        for (Side side : Side.values()) {
            // A record being created gets the email of the record it is created from.
            Side holder = records.containsKey(side) ? side : side.other();
            String domain = emailDomain(records.get(holder).get(emailProperties.get(holder)),
                    settings.freeMailDomains());
            Set<String> ids = domain == null ? Set.of()
                    : companies.getOrDefault(side, Map.of()).getOrDefault(domain, Set.of());
            ambiguous.put(side, ids.size() > 1);
            if (ids.size() == 1) {
                found.put(side, ids.iterator().next());
            }
        }
        Map<Side, String> values = new EnumMap<>(Side.class);
        for (Side side : Side.values()) {
            if (!m.direction().writesInto(side)) {
                continue;
            }
            Side other = side.other();
            if (found.containsKey(side)) {
                values.put(side, found.get(side));
            } else if (found.containsKey(other) && !ambiguous.get(side)) {
                try {
                    values.put(side, m.convert(settings, other, found.get(other)));
                } catch (ConversionException e) {
                    // Not linked to a company of this app yet: this app's contact stays without one.
                }
            }
        }
        values.forEach((side, id) -> {
            if (id != null) {
                writes.get(side).put(m.property(side), id);
                base.get(side).put(m.id(), m.canonical(settings, side, id));
            }
        });
    }

    /** The domains to look companies up by: those of the contacts read that have no company, sorted. */
    public Set<String> domainsToLookUp(ObjectSyncSettings settings, Map<Side, Map<String, Record>> records) {
        FieldMapping m = settings.mappings().stream()
                .filter(f -> f.enabled() && association.equals(f.association())).findFirst().orElse(null);
        Set<String> out = new TreeSet<>();
        if (m == null) {
            return out;
        }
        for (Side side : Side.values()) {
            for (Record r : records.getOrDefault(side, Map.of()).values()) {
                if (!r.archived() && Keys.trim(r.get(m.property(side))) == null) {
                    String domain = emailDomain(r.get(emailProperties.get(side)), settings.freeMailDomains());
                    if (domain != null) {
                        out.add(domain);
                    }
                }
            }
        }
        return out;
    }

    /** Groups companies read from one app by their normalised domain; companies without one are left out. */
    public Map<String, Set<String>> byDomain(Side side, List<Record> found) {
        Map<String, Set<String>> out = new HashMap<>();
        for (Record r : found) {
            String domain = Keys.domain(r.get(domainProperties.get(side)));
            if (!r.archived() && domain != null) {
                out.computeIfAbsent(domain, d -> new TreeSet<>()).add(r.id());
            }
        }
        return out;
    }
}

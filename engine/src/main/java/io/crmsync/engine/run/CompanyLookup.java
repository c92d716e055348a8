package io.crmsync.engine.run;

import io.crmsync.api.Connector;
import io.crmsync.api.Record;
import io.crmsync.engine.model.Side;
import io.crmsync.engine.plan.CompanyFromDomain;
import io.crmsync.engine.plan.ObjectSyncSettings;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads, for one run of a contacts object sync with {@code companyFromEmailDomain} on, the companies of both apps
 * whose domain is the email domain of a contact read without a company ({@link CompanyFromDomain}). Each app is
 * asked once, through {@link Connector#findByDomain}, which finds every spelling company matching accepts.
 * Stateless; safe from any thread as far as the connectors it is given are.
 */
final class CompanyLookup {
    private static final Logger LOG = LoggerFactory.getLogger(CompanyLookup.class);

    private CompanyLookup() {
    }

    /**
     * Finds, in each app, the companies whose domain is the email domain of a contact in {@code records} (per side,
     * record id → record, as read by this run) that has no company. A domain held by several companies of an app
     * is logged at INFO, naming at most ten such domains, since contacts of it then get no company.
     *
     * @return {@code settings} with the companies found, or {@code settings} itself when the option is off
     * @throws io.crmsync.api.ConnectorException when an app cannot be read; the run stops before writing
     */
    static ObjectSyncSettings lookUp(ObjectSyncSettings settings, Map<Side, Connector> connectors,
                                     Map<Side, Map<String, Record>> records) {
        CompanyFromDomain option = settings.companyFromDomain();
        if (option == null) {
            return settings;
        }
        Set<String> domains = option.domainsToLookUp(settings, records);
        Map<Side, Map<String, Set<String>>> found = new EnumMap<>(Side.class);
        for (Side side : Side.values()) {
            found.put(side, domains.isEmpty() ? Map.of() : option.byDomain(side, connectors.get(side)
                    .findByDomain(option.companyTypes().get(side), option.domainProperties().get(side), domains)));
        }
        for (Side side : Side.values()) {
            Set<String> several = new TreeSet<>();
            found.get(side).forEach((domain, ids) -> {
                if (ids.size() > 1) {
                    several.add(domain);
                }
            });
            if (!several.isEmpty()) {
                // Why a contact of such a domain stays without a company: the user can merge or fix the companies.
                LOG.info("{}: {} held by several companies in {}, so contacts of {} get no company from it: {}",
                        settings.label(), several.size() == 1 ? "1 email domain is" : several.size()
                        + " email domains are", settings.app(side), several.size() == 1 ? "it" : "them",
                        String.join(", ", several.stream().limit(10).toList())
                        + (several.size() > 10 ? ", ..." : ""));
            }
        }
        return settings.withCompanyFromDomain(option.withCompanies(found));
    }

    /** The ids of the companies found in {@code side}'s app, empty when the option is off. */
    static Set<String> ids(ObjectSyncSettings settings, Side side) {
        CompanyFromDomain option = settings.companyFromDomain();
        if (option == null) {
            return Set.of();
        }
        Set<String> out = new java.util.HashSet<>();
        option.companies().getOrDefault(side, Map.of()).values().forEach(out::addAll);
        return out;
    }
}

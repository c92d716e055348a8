package io.crmsync.app.bind;

import io.crmsync.app.bind.Workspace.BoundObjectSync;
import io.crmsync.app.config.ConfigError;
import io.crmsync.app.config.CrmsyncConfig;
import io.crmsync.app.config.ObjectSyncConfig;
import io.crmsync.app.config.SyncConfig;
import io.crmsync.engine.model.Side;
import io.crmsync.engine.plan.CompanyFromDomain;
import io.crmsync.engine.plan.FieldMapping;
import io.crmsync.engine.plan.MatchStage;
import io.crmsync.engine.plan.ObjectSyncSettings;
import io.crmsync.engine.value.KeyKind;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Binds the contacts option {@code companyFromEmailDomain} (field case C-05) once every object sync is bound: it
 * needs the contacts' email identifier, their company association mapped and enabled, and the companies object
 * sync's domain identifier, which is the property companies are looked up by. Each missing part is a config error
 * at {@code syncs.<sync>.objects.<object>.companyFromEmailDomain}. Stateless; {@link #apply} changes the list it
 * is given, so it runs on the binding thread only.
 */
final class CompanyDomainBinding {
    private CompanyDomainBinding() {
    }

    /**
     * Sets the option on the bound contacts object syncs that turn it on, in place.
     *
     * @param bound  every object sync bound without errors
     * @param errors receives a problem for each object sync whose option cannot be bound
     */
    static void apply(CrmsyncConfig config, List<BoundObjectSync> bound, List<ConfigError> errors) {
        for (SyncConfig sync : config.syncs().values()) {
            for (ObjectSyncConfig os : sync.objects().values()) {
                if (!os.companyFromEmailDomain()) {
                    continue;
                }
                String key = os.keyPath() + ".companyFromEmailDomain";
                if (ObjectKind.of(os.name(), os.typeA(), os.typeB()) != ObjectKind.CONTACTS) {
                    errors.add(config.errorAt(key, "applies to contacts only; " + os.name() + " syncs "
                            + os.typeA() + " and " + os.typeB()));
                    continue;
                }
                int i = indexOf(bound, sync.name(), os.name());
                if (i >= 0) {
                    CompanyFromDomain option = option(config, sync, bound.get(i).settings(), bound, key, errors);
                    if (option != null) {
                        bound.set(i, new BoundObjectSync(bound.get(i).settings().withCompanyFromDomain(option),
                                bound.get(i).enabled()));
                    }
                }
            }
        }
    }

    private static CompanyFromDomain option(CrmsyncConfig config, SyncConfig sync, ObjectSyncSettings contacts,
                                            List<BoundObjectSync> bound, String key, List<ConfigError> errors) {
        MatchStage email = contacts.match().stream().filter(s -> s.kind() == KeyKind.EMAIL).findFirst().orElse(null);
        if (email == null) {
            errors.add(config.errorAt(key, "needs contacts matched by email (the email domain is what companies are"
                    + " found by); remove match: none or match on the email properties"));
            return null;
        }
        FieldMapping association = contacts.mappings().stream().filter(m -> m.enabled() && m.association() != null
                && companies(sync, m.association())).findFirst().orElse(null);
        if (association == null) {
            errors.add(config.errorAt(key, "needs the contacts' company association synced: both apps need it "
                    + "(HubSpot: associations: [companies]; JDBC: associations: {companies: <column>}), its mapping"
                    + " @companies = @companies must be enabled, and sync " + sync.name() + " needs an enabled"
                    + " object sync of companies"));
            return null;
        }
        int i = indexOf(bound, sync.name(), association.association());
        if (i < 0) {
            return null; // the companies object sync has its own errors
        }
        ObjectSyncSettings companies = bound.get(i).settings();
        MatchStage domain = companies.match().stream().filter(s -> s.kind() == KeyKind.DOMAIN).findFirst()
                .orElse(null);
        if (domain == null) {
            errors.add(config.errorAt(key, "needs companies matched by domain in object sync "
                    + association.association() + " (the domain property is what companies are found by); give"
                    + " both apps' companies a domain property, or match them on it"));
            return null;
        }
        Map<Side, String> emails = new EnumMap<>(Side.class);
        Map<Side, String> types = new EnumMap<>(Side.class);
        Map<Side, String> domains = new EnumMap<>(Side.class);
        for (Side side : Side.values()) {
            emails.put(side, email.property(side));
            types.put(side, companies.schema(side).objectType());
            domains.put(side, domain.property(side));
        }
        return new CompanyFromDomain(association.association(), emails, types, domains);
    }

    private static boolean companies(SyncConfig sync, String objectSync) {
        ObjectSyncConfig os = sync.objects().get(objectSync);
        return os != null && ObjectKind.of(os.name(), os.typeA(), os.typeB()) == ObjectKind.COMPANIES;
    }

    private static int indexOf(List<BoundObjectSync> bound, String sync, String object) {
        for (int i = 0; i < bound.size(); i++) {
            if (bound.get(i).sync().equals(sync) && bound.get(i).object().equals(object)) {
                return i;
            }
        }
        return -1;
    }
}

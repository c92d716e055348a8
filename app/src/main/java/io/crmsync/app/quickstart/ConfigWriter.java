package io.crmsync.app.quickstart;

import io.crmsync.app.quickstart.QuickstartSchema.Column;
import io.crmsync.app.quickstart.QuickstartSchema.Table;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes {@code crmsync.yaml} for the quickstart in the shape of DESIGN §4, with comments for a first-time
 * reader. It is text built by hand rather than a serialised tree because the comments are half its value,
 * and because the same input must give the same bytes.
 */
final class ConfigWriter {

    private ConfigWriter() {
    }

    /**
     * @param location how the config refers to the quickstart folder, e.g. {@code quickstart}: paths in the
     *                 config are resolved against the working directory crmsync runs in
     */
    static String yaml(String location) {
        StringBuilder y = new StringBuilder();
        y.append("""
                # crmsync quickstart configuration, written by `crmsync quickstart`.
                # It syncs HubSpot with a shop database:
                #   hubspot: the local HubSpot sandbox (HubSpot's CRM API on this machine), records in
                #            %1$s/hubspot-sandbox; object types companies, contacts, deals and products
                #   shop:    a SQLite database (%1$s/shop.db), tables companies, contacts, deals and products
                # Run `./crmsync plan --config %3$s` to see what a sync would do
                # without writing anything, then `./crmsync run` with the same options to do it.
                # Paths below are relative to the directory crmsync is started in.

                # Where crmsync keeps its own state: links between records, checkpoints, run history.
                state: %2$s

                # An "app" is one connected system.
                apps:
                  hubspot:
                    type: hubspot
                    # crmsync starts the local sandbox on this folder while it runs. For a real HubSpot account,
                    # replace this line with the account's private-app token, read from the environment:
                    #   token: ${HUBSPOT_TOKEN}
                    # and give that config a new state (the links in this one point at the sandbox's records).
                    sandbox: %4$s
                    objects: [companies, contacts, deals, products]
                    # Each contact's and deal's primary company, as the property @companies (the company's id).
                    associations: [companies]
                """.formatted(location, quoted("jdbc:h2:file:" + statePrefix(location) + "/state"),
                ShellWords.quote(location + "/" + QuickstartData.CONFIG),
                quoted(location + "/" + QuickstartData.HUBSPOT_SANDBOX)));
        app(y, QuickstartSchema.SHOP, location, "the shop's own database, the system of record in this demo",
                QuickstartSchema.SHOP_COMPANIES, QuickstartSchema.SHOP_CONTACTS, QuickstartSchema.SHOP_DEALS,
                QuickstartSchema.SHOP_PRODUCTS);
        y.append("""

                # A "sync" pairs two apps. It holds one object sync per pair of object types.
                syncs:
                  hubspot-shop:
                    apps: [hubspot, shop]
                    objects:
                      companies:
                        types: {hubspot: companies, shop: companies}
                        direction: two-way              # or "hubspot -> shop" / "shop -> hubspot"
                        defaultApp: shop                # if both apps hold different values, shop's wins
                        # On the first run, unlinked companies are paired by domain (https://www.x.com/ and
                        # x.com are the same domain), then by name when one side has no domain. A domain or
                        # name held by two companies is ambiguous: those companies are excluded, not guessed.
                        match: default
                        # Each mapping names the property in each app: HubSpot's property names on the left,
                        # the shop's (defined in its app section above, each on its own column) on the right.
                        mappings:
                """);
        mappings(y, QuickstartSchema.SHOP_COMPANIES);
        y.append("""
                      contacts:
                        types: {hubspot: contacts, shop: contacts}
                        direction: two-way
                        defaultApp: shop
                        # Contacts are paired by email, ignoring case and surrounding spaces. A contact without
                        # an email is excluded (NO_IDENTIFIER) while this is true, which is the default.
                        onlyWithEmail: true
                        match: default
                        # The company a contact belongs to (HubSpot's primary company, the shop's company_id) is
                        # the association @companies, synced through the companies links. A contact whose company
                        # the companies sync excludes (ambiguous) fails it: FAILED(ASSOCIATION).
                        mappings:
                """);
        mappings(y, QuickstartSchema.SHOP_CONTACTS);
        y.append("""
                      deals:
                        types: {hubspot: deals, shop: deals}
                        direction: two-way
                        defaultApp: shop
                        # Deals have no identifier: they are never matched, every deal is created in the other
                        # app on the first run. The created deal keeps its source's key in this property, so a
                        # create interrupted by a crash is found again instead of made twice.
                        externalId: {hubspot: %s, shop: %s}
                        # HubSpot requires dealname, dealstage and pipeline to create a deal. Stage and pipeline
                        # are mapped by label: the shop's "Negotiation/Review" is the HubSpot stage of that label.
                        mappings:
                """.formatted(QuickstartSchema.HUBSPOT_DEAL_EXTERNAL_ID, QuickstartSchema.SHOP_DEALS.externalId()));
        mappings(y, QuickstartSchema.SHOP_DEALS);
        y.append("""
                      products:
                        types: {hubspot: products, shop: products}
                        direction: two-way
                        defaultApp: shop
                        # Products are paired by SKU, then by name when one side has no SKU. A SKU held by several
                        # products is ambiguous: they are excluded, not guessed.
                        match: default
                        mappings:
                """);
        mappings(y, QuickstartSchema.SHOP_PRODUCTS);
        return y.toString();
    }

    /** A YAML double-quoted string, so that a folder name with spaces, '#' or ': ' reads back as written. */
    static String quoted(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** H2 wants "./x" rather than "x" for a path relative to the working directory. */
    private static String statePrefix(String location) {
        boolean absolute = location.startsWith("/") || location.matches("^[A-Za-z]:/.*");
        return absolute || location.startsWith("./") ? location : "./" + location;
    }

    private static void app(StringBuilder y, String app, String location, String about, Table... tables) {
        commented(y, "  " + app + ":", about);
        y.append("    type: jdbc\n");
        y.append("    url: ").append(quoted("jdbc:sqlite:" + location + "/" + app + ".db")).append('\n');
        commented(y, "    objects:", "object type name -> the table that holds it");
        for (Table t : tables) {
            y.append("      ").append(t.name()).append(":\n");
            y.append("        table: ").append(t.name()).append('\n');
            y.append("        id: ").append(t.id()).append('\n');
            commented(y, "        updatedAt: " + t.updatedAt(), "when a row last changed: how later runs find changes");
            commented(y, "        properties:", "property name -> column and type");
            int width = t.properties().keySet().stream().mapToInt(String::length).max().orElse(0) + 1;
            for (Map.Entry<String, Column> p : t.properties().entrySet()) {
                y.append("          ").append(String.format(Locale.ROOT, "%-" + width + "s", p.getKey() + ":"))
                        .append(" {column: ").append(p.getValue().column())
                        .append(", type: ").append(p.getValue().type());
                if (!p.getValue().options().isEmpty()) {
                    // Several options one a line: a flow list of ten stage names would not fit a screen.
                    y.append(", options: [");
                    String indent = p.getValue().options().size() == 1 ? "" : "\n" + " ".repeat(12 + width);
                    y.append(String.join(",", p.getValue().options().stream()
                            .map(o -> indent + quoted(o)).toList())).append(']');
                }
                y.append("}\n");
            }
            if (t.associated()) {
                commented(y, "        associations: {companies: " + t.parent() + "}",
                        "the company of a row, as @companies");
            }
        }
    }

    /** Appends {@code line} with {@code comment} aligned in one column, as a hand-written file would have. */
    private static void commented(StringBuilder y, String line, String comment) {
        y.append(String.format(Locale.ROOT, "%-39s # %s", line, comment)).append('\n');
    }

    private static void mappings(StringBuilder y, Table shopTable) {
        for (String property : shopTable.mapped()) {
            y.append("          - {hubspot: ").append(property).append(", shop: ").append(property).append("}\n");
        }
        if (shopTable.associated()) {
            y.append("          - {hubspot: \"@companies\", shop: \"@companies\"}   # the primary company\n");
        }
    }
}

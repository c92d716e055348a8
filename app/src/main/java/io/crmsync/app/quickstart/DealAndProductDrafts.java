package io.crmsync.app.quickstart;

import io.crmsync.app.quickstart.DatasetBuilder.Draft;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The deals and products part of {@link DatasetBuilder}: the apex-recipes opportunities split between the apps, and
 * the Vendure catalogue, one product per variant row, in both apps or one. Draws from the builder's {@link Random},
 * after the companies and contacts, so that those stay as they were.
 */
final class DealAndProductDrafts {

    /** Deals of accounts that are in both apps go to hubspot with this probability, the rest stay in shop. */
    private static final double DEAL_SHARE_IN_HUBSPOT = 0.5;
    /** Product variants: in both apps below the first share, shop only below the second, hubspot only above. */
    private static final double PRODUCT_SHARE_BOTH = 0.6;
    private static final double PRODUCT_SHARE_SHOP_ONLY = 0.85;
    private static final int HUBSPOT_SKUS_LEFT_EMPTY = 2;

    private final DatasetBuilder builder;
    private final SourceData source;
    private final Random random;

    DealAndProductDrafts(DatasetBuilder builder, SourceData source, Random random) {
        this.builder = builder;
        this.source = source;
        this.random = random;
    }

    /**
     * Splits the opportunities: a deal of an account in both apps goes to hubspot (at the account's hubspot
     * company) or to shop, a deal of a shop-only account to shop. Deals of the accounts the first sync leaves
     * ambiguous (a shared website, or the name the two hubspot namesakes carry) are left out: their company is
     * never linked, so the deal's company could not be synced (the contacts show that case already).
     *
     * @param shopDeals         receives the shop's deal rows
     * @param shopDealCompanies receives each shop deal's company id, in the same order
     * @return hubspot's deals, ids given out
     */
    List<Draft> deals(int nameTwinRef, Map<Integer, Draft> orgByRef, List<Map<String, String>> shopDeals,
                      List<Long> shopDealCompanies) {
        List<Draft> hubspot = new ArrayList<>();
        for (SourceData.Opportunity o : source.opportunities()) {
            int ref = o.accountRef();
            if (builder.sharedDomain(ref) || ref == nameTwinRef) {
                continue;
            }
            Map<String, String> values = deal(o);
            Draft org = orgByRef.get(ref);
            if (org != null && random.nextDouble() < DEAL_SHARE_IN_HUBSPOT) {
                Draft d = new Draft();
                d.values.putAll(values);
                d.organization = org;
                hubspot.add(d);
            } else {
                values.put("hubspot_deal_id", null);
                shopDeals.add(values);
                shopDealCompanies.add((long) ref);
            }
        }
        Collections.shuffle(hubspot, random);
        DatasetBuilder.assignIds(hubspot);
        return hubspot;
    }

    private static Map<String, String> deal(SourceData.Opportunity o) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("dealname", o.name());
        m.put("amount", o.amount());
        m.put("closedate", o.closeDate());
        m.put("pipeline", QuickstartSchema.PIPELINE);
        m.put("dealstage", o.stage());
        m.put("description", o.description());
        m.replaceAll((k, v) -> v == null || v.isEmpty() ? null : v);
        return m;
    }

    /**
     * Splits the product variants between the apps; the variants sharing one SKU go to both, so each app holds
     * that SKU three times and all six are ambiguous. Of the others in both apps, a quota gets a price edited in
     * hubspot or a description missing on one side, and two others lose their SKU in hubspot, to be matched by
     * name and have it filled from shop.
     */
    List<Draft> products(List<Map<String, String>> shopProducts) {
        Map<String, Long> skuCount = new HashMap<>();
        source.products().forEach(p -> skuCount.merge(p.sku(), 1L, Long::sum));
        List<Draft> hubspot = new ArrayList<>();
        List<Map<String, String>> shopShared = new ArrayList<>();
        List<Map<String, String>> hubspotShared = new ArrayList<>();
        for (SourceData.Product p : source.products()) {
            boolean sharedSku = skuCount.get(p.sku()) > 1;
            double r = random.nextDouble();
            Map<String, String> values = product(p);
            Draft d = new Draft();
            d.values.putAll(values);
            if (sharedSku || r < PRODUCT_SHARE_BOTH) {
                shopProducts.add(values);
                hubspot.add(d);
                if (!sharedSku) {
                    shopShared.add(values);
                    hubspotShared.add(d.values);
                }
            } else if (r < PRODUCT_SHARE_SHOP_ONLY) {
                shopProducts.add(values);
            } else {
                hubspot.add(d);
            }
        }
        builder.vary(shopShared, hubspotShared, new String[] {"price"}, new String[] {"description"});
        // vary() changed the first records of its own shuffled order; pick the SKU-less ones among all shared
        // records that are still identical on both sides.
        List<Integer> unchanged = new ArrayList<>();
        for (int i = 0; i < shopShared.size(); i++) {
            if (shopShared.get(i).equals(hubspotShared.get(i))) {
                unchanged.add(i);
            }
        }
        for (int i : builder.pick(unchanged, HUBSPOT_SKUS_LEFT_EMPTY)) {
            hubspotShared.get(i).put("hs_sku", null);
        }
        Collections.shuffle(hubspot, random);
        DatasetBuilder.assignIds(hubspot);
        return hubspot;
    }

    private static Map<String, String> product(SourceData.Product p) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("hs_sku", p.sku());
        m.put("price", p.price());
        m.put("description", p.description());
        m.replaceAll((k, v) -> v == null || v.isEmpty() ? null : v);
        return m;
    }
}

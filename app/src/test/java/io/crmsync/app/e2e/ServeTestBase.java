package io.crmsync.app.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.crmsync.app.bind.Workspace;
import io.crmsync.app.serve.Serve;
import io.crmsync.connector.hubspot.WebhookSignature;
import io.crmsync.engine.run.RunOptions;
import io.crmsync.sandbox.SandboxServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;

/**
 * {@code crmsync serve} in process between the HubSpot sandbox (contacts) and an embedded PostgreSQL
 * ({@code customers}, {@code changeTrigger: true} by default), polling off: only pushes trigger runs.
 */
abstract class ServeTestBase extends SandboxPostgresBase {
    static final String SECRET = SandboxServer.Options.DEFAULT_WEBHOOK_SECRET;
    static final Map<String, String> ENV = Map.of("HUBSPOT_CLIENT_SECRET", SECRET);
    /** Generous: a push is served in well under a second, but the machine may be busy. */
    static final long TIMEOUT_MS = 60_000;
    final List<String> log = new CopyOnWriteArrayList<>();
    Path config;
    Workspace workspace;
    Serve serve;

    /**
     * Writes the config: two-way contacts, HubSpot wins conflicts, webhooks on, polling off, and
     * {@code changeTrigger: true} on {@code customers}, so that the start-up run installs crmsync's change trigger
     * and PostgreSQL notifies every change.
     */
    Path writeServeConfig() throws java.io.IOException {
        return writeServeConfig("");
    }

    /** As {@link #writeServeConfig()}, with {@code webhookKeys} (e.g. {@code , publicUrl: ...}) added to webhooks. */
    Path writeServeConfig(String webhookKeys) throws java.io.IOException {
        return writeServeConfig("pollInterval: 0", webhookKeys, "changeTrigger: true", "deletes: keep");
    }

    /**
     * The config of {@link #writeServeConfig()} with other keys.
     *
     * @param serveKeys      inside {@code serve: {port: 0, ...}}, e.g. {@code pollInterval: 0, reconcileInterval: 1s}
     * @param webhookKeys    appended inside {@code webhooks: {clientSecret: ...}}
     * @param customersKeys  one line of keys for the {@code customers} object, e.g. {@code changeTrigger: true}
     * @param objectSyncKeys one line of keys for the contacts object sync, e.g. {@code deletes: propagate}
     */
    Path writeServeConfig(String serveKeys, String webhookKeys, String customersKeys, String objectSyncKeys)
            throws java.io.IOException {
        config = writeConfig("""
                state: jdbc:h2:file:%s
                serve: {port: 0, SERVE_KEYS}
                apps:
                  hubspot:
                    type: hubspot
                    token: %s
                    baseUrl: %s
                    objects: [contacts]
                    requestsPer10s: 1000
                    webhooks: {clientSecret: "${HUBSPOT_CLIENT_SECRET}"WEBHOOK_KEYS}
                  shop:
                    type: jdbc
                    url: %s
                    objects:
                      customers:
                        table: customers
                        id: id
                        updatedAt: updated_at
                        CUSTOMERS_KEYS
                        properties:
                          email: {column: email, type: string}
                          firstname: {column: first, type: string}
                          lastname: {column: last, type: string}
                syncs:
                  shop-hubspot:
                    apps: [shop, hubspot]
                    objects:
                      contacts:
                        types: {shop: customers, hubspot: contacts}
                        direction: two-way
                        defaultApp: hubspot
                        OBJECT_SYNC_KEYS
                """.replace("SERVE_KEYS", serveKeys).replace("WEBHOOK_KEYS", webhookKeys)
                .replace("CUSTOMERS_KEYS", customersKeys).replace("OBJECT_SYNC_KEYS", objectSyncKeys));
        return config;
    }

    /** Opens the workspace and starts serving; webhooks of the sandbox go to it. */
    Serve startServe() {
        return startServe(true);
    }

    /** Opens the workspace and starts serving; with {@code sandboxWebhooks}, the sandbox's webhooks go to it. */
    Serve startServe(boolean sandboxWebhooks) {
        workspace = Workspace.open(config, ENV);
        serve = new Serve(workspace, workspace.config().serve(), RunOptions.defaults().withBackoff(1, 50), log::add)
                .start();
        if (sandboxWebhooks) {
            sandbox.subscribeWebhooks(1, webhookUrl());
        }
        return serve;
    }

    String webhookUrl() {
        return "http://127.0.0.1:" + serve.port() + "/webhooks/hubspot/hubspot";
    }

    /** Stops serving (finishing the runs that are going) and closes the workspace. */
    void stopServe() {
        if (serve != null) {
            serve.close();
            serve = null;
        }
        if (workspace != null) {
            workspace.close();
            workspace = null;
        }
    }

    @AfterEach
    void stopServing() {
        stopServe();
    }

    /** The object sync's id in the state store. */
    long osId() {
        return workspace.store().objectSyncId("shop-hubspot", "contacts", "customers", "contacts");
    }

    /** Waits until {@code condition} holds, checking every 50 ms; fails after {@link #TIMEOUT_MS}. */
    void await(String what, BooleanSupplier condition) {
        long end = System.currentTimeMillis() + TIMEOUT_MS;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("timed out waiting until " + what + "; serve log: " + log);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    /** A shop column of the customer with that email, or {@code "no row"}. */
    String shop(String column, String email) {
        try {
            return Jdbc.query(pgUrl, "SELECT " + column + " FROM customers WHERE email = '" + email + "'");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A HubSpot contact's property, read in process, or {@code null} when the contact is not there. */
    String hubspot(String id, String property) {
        return io.crmsync.sandbox.SandboxSeed.records(sandbox, "contacts").stream()
                .filter(r -> String.valueOf(r.id()).equals(id)).map(r -> r.properties().get(property)).findFirst()
                .orElse(null);
    }

    /** The id of the HubSpot contact with that email, or {@code null}. */
    String hubspotIdOf(String email) {
        return io.crmsync.sandbox.SandboxSeed.records(sandbox, "contacts").stream()
                .filter(r -> email.equals(r.properties().get("email"))).map(r -> String.valueOf(r.id())).findFirst()
                .orElse(null);
    }

    /** Posts a webhook delivery to serve with the given signature headers; returns the status. */
    int postWebhook(String body, String signature, String timestamp) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(webhookUrl()))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            b.header(WebhookSignature.SIGNATURE_HEADER, signature);
        }
        if (timestamp != null) {
            b.header(WebhookSignature.TIMESTAMP_HEADER, timestamp);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** A one-event delivery naming a contact as changed. */
    static String contactChanged(String id) {
        return "[{\"eventId\":1,\"subscriptionId\":1,\"portalId\":1,\"appId\":1,\"occurredAt\":"
                + System.currentTimeMillis() + ",\"subscriptionType\":\"contact.propertyChange\",\"objectId\":" + id
                + ",\"propertyName\":\"firstname\",\"attemptNumber\":0}]";
    }

    static void assertStatus(int status, int expected) {
        assertThat(status).isEqualTo(expected);
    }
}

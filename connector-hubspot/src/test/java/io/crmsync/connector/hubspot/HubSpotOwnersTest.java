package io.crmsync.connector.hubspot;

import io.crmsync.api.Connector;
import io.crmsync.api.FailureCategory;
import io.crmsync.api.PropertyDef;
import io.crmsync.api.PropertyOption;
import io.crmsync.api.PropertyType;
import io.crmsync.api.WriteOperation;
import io.crmsync.api.WriteResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Owner properties against the sandbox over HTTP: the active owners are the options, labelled by email. */
class HubSpotOwnersTest {
    @TempDir
    Path dir;
    private Sandbox sandbox;
    private Connector connector;

    @BeforeEach
    void open() {
        sandbox = new Sandbox(dir);
        connector = sandbox.open(Map.of("objects", List.of("contacts", "deals")));
    }

    @AfterEach
    void close() {
        connector.close();
        sandbox.close();
    }

    @Test
    void schema_ownerProperty_isEnumerationOfActiveOwnersLabelledByEmail() {
        List<String> ids = sandbox.createOwners("Rep7@Example.com", "rep8@example.com", "gone@example.com");
        sandbox.deactivateOwner(ids.get(2));

        PropertyDef owner = connector.schema("contacts").property("hubspot_owner_id").orElseThrow();

        assertThat(owner.type()).isEqualTo(PropertyType.ENUMERATION);
        assertThat(owner.readOnly()).isFalse();
        assertThat(owner.options()).containsExactly(new PropertyOption(ids.get(0), "Rep7@Example.com"),
                new PropertyOption(ids.get(1), "rep8@example.com"));
    }

    @Test
    void schema_ownersReadOncePerConnector_sharedByObjectTypes() {
        sandbox.createOwners("rep7@example.com");
        connector.schema("contacts");
        long before = sandbox.requests();

        PropertyDef dealOwner = connector.schema("deals").property("hubspot_owner_id").orElseThrow();

        assertThat(sandbox.requests() - before).as("only the deals properties call").isEqualTo(1);
        assertThat(dealOwner.options()).extracting(PropertyOption::label).containsExactly("rep7@example.com");
    }

    @Test
    void schema_moreOwnersThanOnePage_allListed() {
        String[] emails = new String[HubSpotOwners.PAGE + 3];
        for (int i = 0; i < emails.length; i++) {
            emails[i] = "rep" + i + "@example.com";
        }
        sandbox.createOwners(emails);

        PropertyDef owner = connector.schema("contacts").property("hubspot_owner_id").orElseThrow();

        assertThat(owner.options()).hasSize(emails.length);
        assertThat(owner.options().get(emails.length - 1).label()).isEqualTo(emails[emails.length - 1]);
    }

    @Test
    void write_ownerDeactivatedAfterSchemaLoad_failsInvalidOptionNamingTheProperty_otherRecordsWritten() {
        List<String> ids = sandbox.createOwners("rep7@example.com", "rep8@example.com");
        String a = sandbox.insert("contacts", Map.of("email", "a@example.com"));
        String b = sandbox.insert("contacts", Map.of("email", "b@example.com"));
        connector.schema("contacts");
        sandbox.deactivateOwner(ids.get(1));

        List<WriteResult> results = connector.write("contacts", List.of(
                WriteOperation.update("ok", a, Map.of("hubspot_owner_id", ids.get(0))),
                WriteOperation.update("bad", b, Map.of("hubspot_owner_id", ids.get(1)))));

        WriteResult ok = results.stream().filter(r -> r.ref().equals("ok")).findFirst().orElseThrow();
        WriteResult bad = results.stream().filter(r -> r.ref().equals("bad")).findFirst().orElseThrow();
        assertThat(ok.succeeded()).isTrue();
        assertThat(ok.stored().properties()).containsEntry("hubspot_owner_id", ids.get(0));
        assertThat(bad.failure().category()).isEqualTo(FailureCategory.INVALID_OPTION);
        assertThat(bad.failure().property()).isEqualTo("hubspot_owner_id");
        assertThat(bad.failure().message()).contains(ids.get(1));
    }
}

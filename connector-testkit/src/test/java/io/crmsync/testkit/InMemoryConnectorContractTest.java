package io.crmsync.testkit;

import io.crmsync.api.Connector;
import io.crmsync.api.ObjectSchema;
import io.crmsync.api.PropertyDef;
import io.crmsync.api.PropertyType;

import java.util.List;
import java.util.Map;

/** The connector contract, run on the in-memory connector. */
class InMemoryConnectorContractTest extends ConnectorContractTest {

    @Override
    protected Fixture openFixture() {
        InMemoryConnector memory = new InMemoryConnector("crm", List.of(ObjectSchema.of("contacts", List.of(
                PropertyDef.of("email", PropertyType.STRING).withUnique(true),
                PropertyDef.of("firstname", PropertyType.STRING),
                PropertyDef.of("lastname", PropertyType.STRING),
                PropertyDef.of("seats", PropertyType.NUMBER)))));
        return new Fixture() {
            @Override
            public Connector connector() {
                return memory;
            }

            @Override
            public String objectType() {
                return "contacts";
            }

            @Override
            public String insert(Map<String, String> properties) {
                return memory.put("contacts", properties);
            }

            @Override
            public void update(String id, String property, String value) {
                memory.edit("contacts", id, property, value);
            }

            @Override
            public void delete(String id) {
                memory.remove("contacts", id);
            }

            @Override
            public void close() {
                memory.close();
            }
        };
    }
}

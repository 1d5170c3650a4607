package io.departure.gateway.openapi;

import java.util.List;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;

/** The few shapes the filters write by hand, named once so that each filter reads as what it adds. */
final class Schemas {

    static final String PREFIX = "#/components/schemas/";

    private Schemas() {
    }

    static Schema object(String description) {
        return OASFactory.createSchema().addType(SchemaType.OBJECT).description(description);
    }

    static Schema string() {
        return OASFactory.createSchema().addType(SchemaType.STRING);
    }

    static Schema integer() {
        return OASFactory.createSchema().addType(SchemaType.INTEGER);
    }

    static Schema bool() {
        return OASFactory.createSchema().addType(SchemaType.BOOLEAN);
    }

    static Schema ref(String schema) {
        return OASFactory.createSchema().ref(schema);
    }

    static Header header(String description, Schema schema) {
        return OASFactory.createHeader().description(description).schema(schema);
    }

    /** One Server-Sent Event by name: its id (none for {@code reconnect}) and its data. */
    static Schema frame(String event, String description, Schema data) {
        return object(description).addProperty("event", string().enumeration(List.<Object>of(event)))
                .addProperty("id", string().description("`<execution>:<sequence>`"))
                .addProperty("data", data).required(event.equals("reconnect") ? List.of("event", "data") : List.of("event", "id", "data"));
    }
}

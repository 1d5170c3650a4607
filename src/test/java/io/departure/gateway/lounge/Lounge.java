package io.departure.gateway.lounge;

import java.util.List;

import io.departure.gateway.backend.Contract;

/** An airport lounge, as the test-only lounge service describes it. */
public record Lounge(String airport, String name, Boolean open) implements Contract {

    @Override
    public List<String> violations() {
        return new Check().notBlank("airport", airport).notBlank("name", name).notNull("open", open).result();
    }
}

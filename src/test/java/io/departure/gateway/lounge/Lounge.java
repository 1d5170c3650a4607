package io.departure.gateway.lounge;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import io.departure.gateway.backend.Contract;

/** An airport lounge, as the test-only lounge service describes it. */
@Schema(description = "An airport lounge, as the lounge service describes it")
public record Lounge(
        @Schema(required = true, description = "IATA airport code", example = "EZE") String airport,
        @Schema(required = true, description = "The lounge's name", example = "EZE Sky Lounge") String name,
        @Schema(required = true, description = "Whether it is open now") Boolean open) implements Contract {

    @Override
    public List<String> violations() {
        return new Check().notBlank("airport", airport).notBlank("name", name).notNull("open", open).result();
    }
}

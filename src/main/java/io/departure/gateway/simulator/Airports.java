package io.departure.gateway.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The simulator's table of real airports, and the hubs of some airlines. */
final class Airports {

    record Airport(String code, String city, ZoneId zone, double latitude) {
    }

    /** Every airport of {@code simulator/airports.csv}, in its order (the simulated data picks them by position). */
    static final List<Airport> ALL = rows("airports.csv").stream()
            .map(cells -> new Airport(cells[0], cells[1], ZoneId.of(cells[2]), Double.parseDouble(cells[3]))).toList();

    static final Map<String, Airport> BY_CODE = ALL.stream().collect(Collectors.toUnmodifiableMap(Airport::code, Function.identity()));

    /** Airlines whose flights the simulator routes through their real hub ({@code simulator/hubs.csv}). */
    static final Map<String, String> HUBS = rows("hubs.csv").stream()
            .collect(Collectors.toUnmodifiableMap(cells -> cells[0], cells -> cells[1]));

    private Airports() {
    }

    /** The rows of a table among the simulator's resources, without its header line, cut at commas. */
    private static List<String[]> rows(String table) {
        try (InputStream in = Airports.class.getResourceAsStream("/simulator/" + table)) {
            if (in == null) {
                throw new IllegalStateException("the simulator's table " + table + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().skip(1).filter(line -> !line.isBlank())
                    .map(line -> line.split(",")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.departure.gateway.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import jakarta.inject.Singleton;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * Plausible, deterministic backend data: the same flight and date (or airport and date) always
 * give the same schedule and weather; only the status moves with the clock (boarding, departed).
 */
@Singleton
final class SimulatedData {

    @RegisterForReflection
    record FlightDoc(String id, LocalDate date, String status, String origin, String destination,
            OffsetDateTime scheduledDeparture, OffsetDateTime estimatedDeparture, String gate) {
    }

    @RegisterForReflection
    record ForecastDoc(String airport, LocalDate date, String summary, double temperatureC,
            double precipitationProbability, double windKph) {
    }

    private final Clock clock;

    SimulatedData(Clock clock) {
        this.clock = clock;
    }

    FlightDoc flight(String id, LocalDate date) {
        SplittableRandom random = new SplittableRandom(seed(id, date.toString()));
        String airline = id.substring(0, 2);
        int number = Integer.parseInt(id.replaceAll("^..([0-9]+).*$", "$1"));
        String hub = Airports.HUBS.getOrDefault(airline,
                Airports.ALL.get(Math.floorMod(seed(airline, ""), Airports.ALL.size())).code());
        String other;
        do {
            other = Airports.ALL.get(random.nextInt(Airports.ALL.size())).code();
        } while (other.equals(hub));
        // Odd flight numbers leave the hub, even ones return to it.
        String origin = number % 2 == 1 ? hub : other;
        String destination = number % 2 == 1 ? other : hub;
        Airports.Airport from = Airports.BY_CODE.get(origin);

        LocalTime time = LocalTime.of(6, 0).plusMinutes(5L * random.nextInt(17 * 12));
        ZonedDateTime scheduled = ZonedDateTime.of(date, time, from.zone());
        int roll = random.nextInt(100);
        String status = roll < 5 ? "CANCELLED" : roll < 25 ? "DELAYED" : "ON_TIME";
        ZonedDateTime estimated = status.equals("DELAYED") ? scheduled.plusMinutes(15L * (1 + random.nextInt(8))) : scheduled;
        String gate = (char) ('A' + random.nextInt(5)) + Integer.toString(1 + random.nextInt(40));

        if (!status.equals("CANCELLED")) {
            ZonedDateTime now = ZonedDateTime.now(clock);
            if (!now.isBefore(estimated)) {
                status = "DEPARTED";
            } else if (Duration.between(now, estimated).toMinutes() < 40) {
                status = "BOARDING";
            }
        }
        return new FlightDoc(id, date, status, origin, destination, scheduled.toOffsetDateTime(),
                status.equals("CANCELLED") ? null : estimated.toOffsetDateTime(), gate);
    }

    /**
     * How a flight goes on from now, on an accelerated clock: perhaps a gate change, perhaps a
     * delay, then boarding and departure. A flight that is already over has nothing to add.
     */
    List<FlightDoc> progress(FlightDoc now) {
        List<FlightDoc> steps = new ArrayList<>();
        if (now.status().equals("DEPARTED") || now.status().equals("CANCELLED")) {
            return steps;
        }
        SplittableRandom random = new SplittableRandom(seed(now.id(), now.date() + "/progress"));
        FlightDoc current = now;
        if (random.nextInt(100) < 40) {
            current = with(current, current.status(), current.estimatedDeparture(),
                    (char) ('A' + random.nextInt(5)) + Integer.toString(1 + random.nextInt(40)));
            steps.add(current);
        }
        if (random.nextInt(100) < 30) {
            current = with(current, "DELAYED", current.estimatedDeparture().plusMinutes(15L * (1 + random.nextInt(4))), current.gate());
            steps.add(current);
        }
        current = with(current, "BOARDING", current.estimatedDeparture(), current.gate());
        steps.add(current);
        steps.add(with(current, "DEPARTED", current.estimatedDeparture(), current.gate()));
        return steps;
    }

    private static FlightDoc with(FlightDoc doc, String status, OffsetDateTime estimated, String gate) {
        return new FlightDoc(doc.id(), doc.date(), status, doc.origin(), doc.destination(), doc.scheduledDeparture(), estimated, gate);
    }

    /** The forecast for a known airport, or null for an airport not in the table. */
    ForecastDoc forecast(String airport, LocalDate date) {
        Airports.Airport at = Airports.BY_CODE.get(airport);
        if (at == null) {
            return null;
        }
        SplittableRandom random = new SplittableRandom(seed(airport, date.toString()));
        double latitude = Math.abs(at.latitude());
        // Warmest around day 200 in the north, half a year later in the south.
        int warmestDay = at.latitude() >= 0 ? 200 : 17;
        double season = Math.cos(2 * Math.PI * (date.getDayOfYear() - warmestDay) / 365.0);
        double temperature = 28 - 0.45 * latitude + 0.22 * latitude * season + (random.nextDouble() * 6 - 3);
        double precipitation = round(random.nextDouble() * 0.9, 0.05);
        String summary = precipitation > 0.6 ? (temperature < 1 ? "snow" : "rain")
                : precipitation > 0.35 ? "cloudy" : precipitation > 0.15 ? "partly cloudy" : "clear";
        double wind = round(5 + random.nextDouble() * 40, 0.5);
        return new ForecastDoc(airport, date, summary, round(temperature, 0.5), precipitation, wind);
    }

    private static double round(double value, double step) {
        return java.math.BigDecimal.valueOf(Math.round(value / step) * step).setScale(2, java.math.RoundingMode.HALF_UP).doubleValue();
    }

    private static long seed(String a, String b) {
        long h = 1125899906842597L;
        for (char c : (a.toUpperCase(Locale.ROOT) + "|" + b).toCharArray()) {
            h = 31 * h + c;
        }
        return h;
    }
}

package io.departure.gateway.departure;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;

/** The facts known about one departure when a step is called. */
public final class Facts {

    private final Map<Fact, String> known;

    private Facts(Map<Fact, String> known) {
        this.known = known;
    }

    /** What a valid query says. */
    public static Facts of(DepartureQuery query) {
        Map<Fact, String> known = new EnumMap<>(Fact.class);
        known.put(Fact.FLIGHT, query.flightId());
        known.put(Fact.DATE, query.date);
        if (query.fromAirport() != null) {
            known.put(Fact.AIRPORT, query.fromAirport());
        }
        return new Facts(known);
    }

    public boolean knows(Fact fact) {
        return known.containsKey(fact);
    }

    /** These facts and one more; a fact already known keeps its value. */
    public Facts with(Fact fact, String value) {
        if (value == null || known.containsKey(fact)) {
            return this;
        }
        Map<Fact, String> more = new EnumMap<>(known);
        more.put(fact, value);
        return new Facts(more);
    }

    /** @throws IllegalStateException when the fact is not known: the plan did not provide it */
    public String get(Fact fact) {
        String value = known.get(fact);
        if (value == null) {
            throw new IllegalStateException("the departure's " + fact + " is not known");
        }
        return value;
    }

    public String flight() {
        return get(Fact.FLIGHT);
    }

    public LocalDate date() {
        return LocalDate.parse(get(Fact.DATE));
    }

    public String airport() {
        return get(Fact.AIRPORT);
    }

    @Override
    public String toString() {
        return known.toString();
    }
}

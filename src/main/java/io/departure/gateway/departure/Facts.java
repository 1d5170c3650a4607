package io.departure.gateway.departure;

import java.time.LocalDate;
import java.util.EnumMap;
import java.util.Map;

/**
 * The facts known about one departure when a step is called: those its query gives, and those
 * other steps' values have told since (the flight's origin airport). Not a query: it grows as
 * the plan runs, and steps read it, never a view.
 */
public final class Facts {

    private final Map<Fact, String> known;

    private Facts(Map<Fact, String> known) {
        this.known = known;
    }

    /** What a valid query says: its flight and date, and its departure airport when it names one (may be null). */
    public static Facts of(String flight, String date, String airport) {
        Map<Fact, String> known = new EnumMap<>(Fact.class);
        known.put(Fact.FLIGHT, flight);
        known.put(Fact.DATE, date);
        if (airport != null) {
            known.put(Fact.AIRPORT, airport);
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
        String date = get(Fact.DATE);
        LocalDate parsed = IsoTimes.parseLocalDate(date);
        return parsed != null ? parsed : LocalDate.parse(date);
    }

    public String airport() {
        return get(Fact.AIRPORT);
    }

    @Override
    public String toString() {
        return known.toString();
    }
}

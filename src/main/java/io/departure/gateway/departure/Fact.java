package io.departure.gateway.departure;

/**
 * What a departure step may need to make its call: something the query says, or that another
 * step's value tells (the flight tells its origin airport).
 */
public enum Fact {
    /** The flight designator, upper case. */
    FLIGHT,
    /** The local departure date, {@code YYYY-MM-DD}. */
    DATE,
    /** The departure airport's IATA code, upper case. */
    AIRPORT
}

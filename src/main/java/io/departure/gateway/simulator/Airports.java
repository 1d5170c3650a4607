package io.departure.gateway.simulator;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The simulator's table of real airports, and the hubs of some airlines. */
final class Airports {

    record Airport(String code, String city, ZoneId zone, double latitude) {
    }

    static final List<Airport> ALL = List.of(
            airport("EZE", "Buenos Aires", "America/Argentina/Buenos_Aires", -34.8),
            airport("AEP", "Buenos Aires", "America/Argentina/Buenos_Aires", -34.6),
            airport("GRU", "São Paulo", "America/Sao_Paulo", -23.4),
            airport("GIG", "Rio de Janeiro", "America/Sao_Paulo", -22.8),
            airport("SCL", "Santiago", "America/Santiago", -33.4),
            airport("LIM", "Lima", "America/Lima", -12.0),
            airport("BOG", "Bogotá", "America/Bogota", 4.7),
            airport("PTY", "Panama City", "America/Panama", 9.1),
            airport("MEX", "Mexico City", "America/Mexico_City", 19.4),
            airport("CUN", "Cancún", "America/Cancun", 21.0),
            airport("YUL", "Montréal", "America/Toronto", 45.5),
            airport("YYZ", "Toronto", "America/Toronto", 43.7),
            airport("YVR", "Vancouver", "America/Vancouver", 49.2),
            airport("JFK", "New York", "America/New_York", 40.6),
            airport("EWR", "Newark", "America/New_York", 40.7),
            airport("BOS", "Boston", "America/New_York", 42.4),
            airport("IAD", "Washington", "America/New_York", 38.9),
            airport("ATL", "Atlanta", "America/New_York", 33.6),
            airport("MIA", "Miami", "America/New_York", 25.8),
            airport("ORD", "Chicago", "America/Chicago", 42.0),
            airport("DFW", "Dallas", "America/Chicago", 32.9),
            airport("IAH", "Houston", "America/Chicago", 30.0),
            airport("DEN", "Denver", "America/Denver", 39.9),
            airport("PHX", "Phoenix", "America/Phoenix", 33.4),
            airport("LAX", "Los Angeles", "America/Los_Angeles", 33.9),
            airport("SFO", "San Francisco", "America/Los_Angeles", 37.6),
            airport("SEA", "Seattle", "America/Los_Angeles", 47.4),
            airport("ANC", "Anchorage", "America/Anchorage", 61.2),
            airport("HNL", "Honolulu", "Pacific/Honolulu", 21.3),
            airport("LHR", "London", "Europe/London", 51.5),
            airport("LGW", "London", "Europe/London", 51.2),
            airport("DUB", "Dublin", "Europe/Dublin", 53.4),
            airport("CDG", "Paris", "Europe/Paris", 49.0),
            airport("AMS", "Amsterdam", "Europe/Amsterdam", 52.3),
            airport("FRA", "Frankfurt", "Europe/Berlin", 50.0),
            airport("MUC", "Munich", "Europe/Berlin", 48.4),
            airport("ZRH", "Zurich", "Europe/Zurich", 47.5),
            airport("VIE", "Vienna", "Europe/Vienna", 48.1),
            airport("CPH", "Copenhagen", "Europe/Copenhagen", 55.6),
            airport("OSL", "Oslo", "Europe/Oslo", 60.2),
            airport("ARN", "Stockholm", "Europe/Stockholm", 59.7),
            airport("HEL", "Helsinki", "Europe/Helsinki", 60.3),
            airport("KEF", "Reykjavík", "Atlantic/Reykjavik", 64.0),
            airport("MAD", "Madrid", "Europe/Madrid", 40.5),
            airport("BCN", "Barcelona", "Europe/Madrid", 41.3),
            airport("LIS", "Lisbon", "Europe/Lisbon", 38.8),
            airport("FCO", "Rome", "Europe/Rome", 41.8),
            airport("MXP", "Milan", "Europe/Rome", 45.6),
            airport("ATH", "Athens", "Europe/Athens", 37.9),
            airport("IST", "Istanbul", "Europe/Istanbul", 41.3),
            airport("WAW", "Warsaw", "Europe/Warsaw", 52.2),
            airport("PRG", "Prague", "Europe/Prague", 50.1),
            airport("CAI", "Cairo", "Africa/Cairo", 30.1),
            airport("CMN", "Casablanca", "Africa/Casablanca", 33.4),
            airport("LOS", "Lagos", "Africa/Lagos", 6.6),
            airport("NBO", "Nairobi", "Africa/Nairobi", -1.3),
            airport("ADD", "Addis Ababa", "Africa/Addis_Ababa", 9.0),
            airport("JNB", "Johannesburg", "Africa/Johannesburg", -26.1),
            airport("CPT", "Cape Town", "Africa/Johannesburg", -34.0),
            airport("DXB", "Dubai", "Asia/Dubai", 25.3),
            airport("DOH", "Doha", "Asia/Qatar", 25.3),
            airport("TLV", "Tel Aviv", "Asia/Jerusalem", 32.0),
            airport("DEL", "Delhi", "Asia/Kolkata", 28.6),
            airport("BOM", "Mumbai", "Asia/Kolkata", 19.1),
            airport("BKK", "Bangkok", "Asia/Bangkok", 13.7),
            airport("SIN", "Singapore", "Asia/Singapore", 1.4),
            airport("KUL", "Kuala Lumpur", "Asia/Kuala_Lumpur", 2.7),
            airport("CGK", "Jakarta", "Asia/Jakarta", -6.1),
            airport("HKG", "Hong Kong", "Asia/Hong_Kong", 22.3),
            airport("PEK", "Beijing", "Asia/Shanghai", 40.1),
            airport("PVG", "Shanghai", "Asia/Shanghai", 31.1),
            airport("ICN", "Seoul", "Asia/Seoul", 37.5),
            airport("HND", "Tokyo", "Asia/Tokyo", 35.6),
            airport("NRT", "Tokyo", "Asia/Tokyo", 35.8),
            airport("MNL", "Manila", "Asia/Manila", 14.5),
            airport("SYD", "Sydney", "Australia/Sydney", -33.9),
            airport("MEL", "Melbourne", "Australia/Melbourne", -37.7),
            airport("BNE", "Brisbane", "Australia/Brisbane", -27.4),
            airport("PER", "Perth", "Australia/Perth", -31.9),
            airport("AKL", "Auckland", "Pacific/Auckland", -37.0));

    static final Map<String, Airport> BY_CODE = ALL.stream().collect(Collectors.toMap(Airport::code, Function.identity()));

    /** Airlines whose flights the simulator routes through their real hub. */
    static final Map<String, String> HUBS = Map.ofEntries(
            Map.entry("AR", "EZE"), Map.entry("LA", "SCL"), Map.entry("AV", "BOG"), Map.entry("CM", "PTY"),
            Map.entry("AM", "MEX"), Map.entry("AC", "YYZ"), Map.entry("AA", "DFW"), Map.entry("DL", "ATL"),
            Map.entry("UA", "ORD"), Map.entry("BA", "LHR"), Map.entry("EI", "DUB"), Map.entry("AF", "CDG"),
            Map.entry("KL", "AMS"), Map.entry("LH", "FRA"), Map.entry("LX", "ZRH"), Map.entry("OS", "VIE"),
            Map.entry("SK", "CPH"), Map.entry("AY", "HEL"), Map.entry("FI", "KEF"), Map.entry("IB", "MAD"),
            Map.entry("TP", "LIS"), Map.entry("AZ", "FCO"), Map.entry("TK", "IST"), Map.entry("LO", "WAW"),
            Map.entry("MS", "CAI"), Map.entry("ET", "ADD"), Map.entry("SA", "JNB"), Map.entry("EK", "DXB"),
            Map.entry("QR", "DOH"), Map.entry("AI", "DEL"), Map.entry("TG", "BKK"), Map.entry("SQ", "SIN"),
            Map.entry("CX", "HKG"), Map.entry("CA", "PEK"), Map.entry("KE", "ICN"), Map.entry("NH", "HND"),
            Map.entry("JL", "NRT"), Map.entry("QF", "SYD"), Map.entry("NZ", "AKL"));

    private Airports() {
    }

    private static Airport airport(String code, String city, String zone, double latitude) {
        return new Airport(code, city, ZoneId.of(zone), latitude);
    }
}

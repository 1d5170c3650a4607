package io.departure.gateway.departure;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The times every departure carries (the flight's {@link OffsetDateTime}s, the dates, each
 * event's {@link Instant}), written and read by hand in the ISO forms Jackson's Java-time module
 * uses: the same text, at a fraction of the cost of {@code DateTimeFormatter} (which was a twelfth
 * of the gateway's CPU per departure). Each method answers null for what only the formatter
 * handles (a year past 9999, an offset with seconds, a lower-case {@code t}), which
 * {@link IsoTimeCodecs} then leaves to Jackson.
 */
public final class IsoTimes {

    private IsoTimes() {
    }

    /** As {@code DateTimeFormatter.ISO_OFFSET_DATE_TIME} writes it; null when only that formatter can. */
    static String format(OffsetDateTime value) {
        int offset = value.getOffset().getTotalSeconds();
        if (offset % 60 != 0) {
            return null;
        }
        StringBuilder text = localDateTime(value.toLocalDateTime(), false);
        if (text == null) {
            return null;
        }
        if (offset == 0) {
            return text.append('Z').toString();
        }
        int minutes = Math.abs(offset) / 60;
        text.append(offset < 0 ? '-' : '+');
        two(text, minutes / 60);
        two(text.append(':'), minutes % 60);
        return text.toString();
    }

    /** As {@link Instant#toString()} writes it; null when only that method can. */
    static String format(Instant value) {
        StringBuilder text = localDateTime(LocalDateTime.ofEpochSecond(value.getEpochSecond(), value.getNano(), ZoneOffset.UTC), true);
        return text == null ? null : text.append('Z').toString();
    }

    /** As {@link LocalDate#toString()} writes it; null when only that method can. */
    static String format(LocalDate value) {
        StringBuilder text = new StringBuilder(10);
        return date(text, value.getYear(), value.getMonthValue(), value.getDayOfMonth()) ? text.toString() : null;
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ss} and the fraction of the second: in groups of three digits as
     * {@link Instant#toString()} writes it, or without its trailing zeros as
     * {@code ISO_LOCAL_TIME} writes it.
     */
    private static StringBuilder localDateTime(LocalDateTime value, boolean groupsOfThree) {
        StringBuilder text = new StringBuilder(35);
        if (!date(text, value.getYear(), value.getMonthValue(), value.getDayOfMonth())) {
            return null;
        }
        two(text.append('T'), value.getHour());
        two(text.append(':'), value.getMinute());
        two(text.append(':'), value.getSecond());
        int nano = value.getNano();
        if (nano == 0) {
            return text;
        }
        int digits = 9;
        int fraction = nano;
        if (groupsOfThree) {
            if (nano % 1_000_000 == 0) {
                digits = 3;
                fraction = nano / 1_000_000;
            } else if (nano % 1000 == 0) {
                digits = 6;
                fraction = nano / 1000;
            }
        } else {
            while (fraction % 10 == 0) {
                fraction /= 10;
                digits--;
            }
        }
        text.append('.');
        for (int scale = pow10(digits - 1); scale > 0; scale /= 10) {
            text.append((char) ('0' + fraction / scale % 10));
        }
        return text;
    }

    private static boolean date(StringBuilder text, int year, int month, int day) {
        if (year < 0 || year > 9999) {
            return false;
        }
        two(text, year / 100);
        two(text, year % 100);
        two(text.append('-'), month);
        two(text.append('-'), day);
        return true;
    }

    private static void two(StringBuilder text, int value) {
        text.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }

    private static int pow10(int exponent) {
        int value = 1;
        for (int i = 0; i < exponent; i++) {
            value *= 10;
        }
        return value;
    }

    /** {@code yyyy-MM-ddTHH:mm[:ss[.f…]]} then {@code Z} or {@code ±HH:MM}; null for anything else. */
    static OffsetDateTime parseOffsetDateTime(String text) {
        int end = text.length();
        if (end < 17) {
            return null;
        }
        char sign = text.charAt(end - 1) == 'Z' ? 'Z' : end >= 22 ? text.charAt(end - 6) : 0;
        ZoneOffset offset;
        int local;
        try {
            if (sign == 'Z') {
                offset = ZoneOffset.UTC;
                local = end - 1;
            } else if ((sign == '+' || sign == '-') && text.charAt(end - 3) == ':') {
                int hours = digits(text, end - 5, 2);
                int minutes = digits(text, end - 2, 2);
                if (hours < 0 || minutes < 0) {
                    return null;
                }
                offset = sign == '+' ? ZoneOffset.ofHoursMinutes(hours, minutes) : ZoneOffset.ofHoursMinutes(-hours, -minutes);
                local = end - 6;
            } else {
                return null;
            }
            LocalDateTime dateTime = parseLocalDateTime(text, local);
            return dateTime == null ? null : OffsetDateTime.of(dateTime, offset);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** {@code yyyy-MM-ddTHH:mm:ss[.f…]Z} (seconds required, as Instant's parser does); null for anything else. */
    static Instant parseInstant(String text) {
        int end = text.length();
        if (end < 20 || text.charAt(end - 1) != 'Z') {
            return null;
        }
        try {
            LocalDateTime dateTime = parseLocalDateTime(text, end - 1);
            return dateTime == null ? null : dateTime.toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** {@code yyyy-MM-dd} (ASCII digits, a real date); null for anything else. */
    public static LocalDate parseLocalDate(String text) {
        if (text.length() != 10) {
            return null;
        }
        try {
            return parseDate(text);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static LocalDate parseDate(String text) {
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        if (year < 0 || month < 0 || day < 0 || text.charAt(4) != '-' || text.charAt(7) != '-') {
            return null;
        }
        return LocalDate.of(year, month, day);
    }

    /** The date and time in {@code text} before {@code end}. */
    private static LocalDateTime parseLocalDateTime(String text, int end) {
        if (text.charAt(10) != 'T' || text.charAt(13) != ':') {
            return null;
        }
        LocalDate date = parseDate(text);
        int hour = digits(text, 11, 2);
        int minute = digits(text, 14, 2);
        if (date == null || hour < 0 || minute < 0) {
            return null;
        }
        int second = 0;
        int nano = 0;
        if (end > 16) {
            if (end < 19 || text.charAt(16) != ':' || (second = digits(text, 17, 2)) < 0) {
                return null;
            }
            if (end > 19) {
                int count = end - 20;
                if (text.charAt(19) != '.' || count < 1 || count > 9 || (nano = digits(text, 20, count)) < 0) {
                    return null;
                }
                nano *= pow10(9 - count);
            }
        } else if (end != 16) {
            return null;
        }
        return LocalDateTime.of(date, java.time.LocalTime.of(hour, minute, second, nano));
    }

    /** The number written by {@code count} ASCII digits at {@code from}; -1 when one is not a digit. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}

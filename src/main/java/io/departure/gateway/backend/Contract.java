package io.departure.gateway.backend;

import java.util.ArrayList;
import java.util.List;

/**
 * A backend answer that checks itself against the contract's shape, field by field, with
 * Bean Validation's wording. By hand because it runs on every answer: a few null and range
 * checks, where a validator engine cost more than decoding the answer.
 */
public interface Contract {

    /** What is wrong with this answer, as "field message"; empty when it keeps the contract. */
    List<String> violations();

    /** Collects violations, one check at a time. */
    final class Check {
        private final List<String> found = new ArrayList<>(0);

        public Check notBlank(String field, String value) {
            if (value == null || value.isBlank()) {
                found.add(field + " must not be blank");
            }
            return this;
        }

        public Check notNull(String field, Object value) {
            if (value == null) {
                found.add(field + " must not be null");
            }
            return this;
        }

        /** Not null, and within [min, max]. */
        public Check between(String field, Double value, double min, double max) {
            if (value == null) {
                found.add(field + " must not be null");
            } else if (value < min) {
                found.add(field + " must be greater than or equal to " + format(min));
            } else if (value > max) {
                found.add(field + " must be less than or equal to " + format(max));
            }
            return this;
        }

        public List<String> result() {
            return found;
        }

        private static String format(double bound) {
            return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
        }
    }
}

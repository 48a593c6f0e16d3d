package dev.fewshot.contracts;

/**
 * The rule for every identifier a message carries (run, request, dataset and model ids): 1 to {@value #MAX_LENGTH}
 * characters, no control characters, no leading or trailing blanks. Ids become Kafka keys, primary keys, URL path
 * segments and report titles, so anything else is refused at intake, naming the field.
 */
public final class Ids {
    public static final int MAX_LENGTH = 200;

    private Ids() {
    }

    /** Checks {@code value} when present; a null is left to the caller (required or defaulted). */
    public static void check(String field, String value) {
        if (value == null) {
            return;
        }
        if (value.isEmpty() || value.isBlank()) {
            throw new InvalidMessageException(field + " is blank");
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidMessageException(field + " is " + value.length() + " characters long; at most "
                    + MAX_LENGTH + " are allowed");
        }
        if (!value.strip().equals(value)) {
            throw new InvalidMessageException(field + " '" + value + "' has leading or trailing blanks");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || c == '\uFFFD') {
                throw new InvalidMessageException(field + " has a control character (U+"
                        + String.format("%04X", (int) c) + ") at position " + i);
            }
        }
    }
}

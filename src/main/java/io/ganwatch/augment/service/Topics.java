package io.ganwatch.augment.service;

/** Topic-name checks shared by the configuration and request validation. */
final class Topics {
    private Topics() {
    }

    /** Whether Kafka accepts this as a topic name. */
    static boolean isValid(String name) {
        return name != null && name.matches("[a-zA-Z0-9._-]{1,249}");
    }

    /** Throws IllegalArgumentException for a name Kafka would refuse. */
    static void requireValid(String what, String name) {
        if (!isValid(name)) {
            throw new IllegalArgumentException("invalid " + what + " topic name '" + name
                    + "'; use letters, digits, '.', '_' and '-' (at most 249)");
        }
    }
}

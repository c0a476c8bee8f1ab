package io.ganwatch.augment.service;

import java.nio.file.Path;

/** A checked place to write synthetic records to. */
public sealed interface Destination {
    /** {@code file:PATH} or {@code topic:NAME}, as the result reports it. */
    String describe();

    /** File formats a destination file can have, chosen by its extension. */
    enum FileFormat {
        /** A header line, then one line per record. */
        CSV,
        /** An Avro object container file, in the source's own schema when the source is Avro. */
        AVRO
    }

    /**
     * A file under one of the service's roots.
     *
     * @param path   where it goes (its directory's real path plus the file name)
     * @param format chosen by the extension
     */
    record ToFile(Path path, FileFormat format) implements Destination {
        @Override
        public String describe() {
            return "file:" + path;
        }
    }

    /**
     * An existing topic.
     *
     * @param topic topic name
     */
    record ToTopic(String topic) implements Destination {
        @Override
        public String describe() {
            return "topic:" + topic;
        }
    }
}

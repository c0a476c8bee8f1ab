package io.ganwatch.augment.service;

import io.ganwatch.input.InputFormat;
import io.ganwatch.streams.WireFormat;

import java.nio.file.Path;

/** A checked place to read real rows from. */
public sealed interface SourceRef {
    /** {@code file:PATH} or {@code topic:NAME}. */
    String describe();

    /**
     * A file under one of the service's roots.
     *
     * @param path   real path
     * @param format its format, or {@code null} to guess from the name
     */
    record FileRef(Path path, InputFormat format) implements SourceRef {
        @Override
        public String describe() {
            return "file:" + path;
        }
    }

    /**
     * A topic, read from its beginning to the end offsets at the time of the request.
     *
     * @param topic  topic name
     * @param format wire format of every message, or {@code null} to tell each message's format from its first bytes
     */
    record TopicRef(String topic, WireFormat format) implements SourceRef {
        @Override
        public String describe() {
            return "topic:" + topic;
        }
    }
}

package io.ganwatch.augment.service;

import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageDecoder;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Teaches a single-object decoder the earlier versions of its schema, kept as resources next to this
 * class. Single-object encoding names the writer's schema by its fingerprint, so every added field, even
 * with a default, makes messages written before it unknown to a decoder that has only the current schema.
 */
final class EarlierSchemas {
    private EarlierSchemas() {
    }

    /**
     * Adds each resource's schema to {@code decoder}.
     *
     * @param resources file names of {@code .avsc} resources in this package
     * @return the decoder
     * @throws IllegalStateException when the jar lacks one of them
     */
    static <T> BinaryMessageDecoder<T> addTo(BinaryMessageDecoder<T> decoder, String... resources) {
        for (String earlier : resources) {
            try (InputStream in = EarlierSchemas.class.getResourceAsStream(earlier)) {
                if (in == null) {
                    throw new IllegalStateException("the jar lacks " + earlier + "; rebuild it");
                }
                decoder.addSchema(new Schema.Parser().parse(in));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + earlier + " from the jar", e);
            }
        }
        return decoder;
    }
}

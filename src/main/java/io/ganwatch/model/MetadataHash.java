package io.ganwatch.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The sha256 that {@code model.json} records of its own content, in its top-level
 * {@value #FIELD} field, so that a changed threshold or feature center is caught like a changed
 * graph.
 *
 * <p>What is hashed is a canonical form of the document without that field: keys sorted at every
 * level, no whitespace, every number as a {@link java.math.BigDecimal} with trailing zeros
 * stripped. Layout is thus not content (a pretty-printer or a key sort leaves a bundle loadable),
 * and the form does not depend on how a Java version prints doubles, which changed in Java 19.
 */
final class MetadataHash {
    /** The field of {@code model.json} holding the hash. */
    static final String FIELD = "metadata_sha256";
    /** The field holding the publisher's signature, which signs this hash and so cannot be part of it. */
    static final String SIGNATURE_FIELD = "signature";

    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED)
            .build();

    private MetadataHash() {
    }

    /**
     * The document with {@value #FIELD} set to the hash of the rest, written by {@code writer}.
     *
     * @param json a JSON object without the field
     */
    static byte[] seal(byte[] json, ObjectMapper writer) {
        try {
            // The writer's own tree keeps doubles as doubles, so the file reads as before. The hash is
            // taken of the writer's text of the very nodes written, so it matches what a reader sees.
            ObjectNode doc = (ObjectNode) writer.readTree(json);
            String hash = of(writer.writeValueAsBytes(doc));
            doc.put(FIELD, hash);
            return writer.writeValueAsBytes(doc);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot add the metadata hash to model.json", e);
        }
    }

    /** The hash recorded in a document, or {@code null} when it has none (bundles from before it). */
    static String recorded(byte[] json) throws IOException {
        JsonNode v = CANONICAL.readTree(json).get(FIELD);
        return v == null ? null : v.isTextual() ? v.textValue() : v.toString();
    }

    /** The hash of a document's canonical form, {@value #FIELD} and {@value #SIGNATURE_FIELD} left out. */
    static String of(byte[] json) throws IOException {
        JsonNode doc = CANONICAL.readTree(json);
        if (!(doc instanceof ObjectNode object)) {
            throw new IOException("model.json is not a JSON object");
        }
        object.remove(FIELD);
        object.remove(SIGNATURE_FIELD);
        return Hashes.sha256(CANONICAL.writeValueAsString(object).getBytes(StandardCharsets.UTF_8));
    }
}

package io.ganwatch.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Who published a bundle: an Ed25519 signature over its content hash and graph hash (see
 * {@link BundleSigning}), kept in {@code model.json} and left out of the metadata hash itself, so that
 * signing a bundle does not change what it verifies as.
 *
 * @param keyId     the signing key's id (first 16 hex digits of the sha256 of its public key)
 * @param algorithm always {@value BundleSigning#ALGORITHM}
 * @param value     the signature, base64
 */
public record BundleSignature(@JsonProperty("key_id") String keyId, @JsonProperty("algorithm") String algorithm,
                              @JsonProperty("value") String value) {
}

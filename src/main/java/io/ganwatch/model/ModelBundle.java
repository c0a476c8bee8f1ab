package io.ganwatch.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A trained model: the ONNX graph plus its {@link BundleMetadata}. On disk, a directory holding
 * {@code model.onnx} and {@code model.json}.
 *
 * <p>Loading verifies the graph against the sha256 recorded at training, and {@code model.json}
 * against the sha256 it records of itself (see {@link MetadataHash}), and refuses bundles of a
 * newer format, so a truncated or altered copy or a bundle from a future ganwatch is never scored
 * with. A {@code model.json} from before the metadata hash still loads, with a warning that it is
 * unverified: refusing it would strand every bundle trained until then.
 *
 * @param metadata the metadata
 * @param graph    the serialised ONNX model
 */
public record ModelBundle(BundleMetadata metadata, byte[] graph) {
    /** File name of the graph inside a bundle directory. */
    public static final String GRAPH_FILE = "model.onnx";
    /** File name of the metadata inside a bundle directory. */
    public static final String METADATA_FILE = "model.json";

    private static final Logger LOG = LoggerFactory.getLogger(ModelBundle.class);

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The JSON mapper used for bundles (shared so that every writer formats the same way). */
    public static ObjectMapper json() {
        return JSON;
    }

    /** Writes the bundle to {@code dir}, creating it; files are written beside and moved in place. */
    public void save(Path dir) {
        try {
            Files.createDirectories(dir);
            write(dir.resolve(GRAPH_FILE), graph);
            write(dir.resolve(METADATA_FILE), metadataJson());
        } catch (IOException e) {
            throw new BundleException("cannot write model bundle to " + dir + ": " + e.getMessage()
                    + "; check the directory is writable", e);
        }
    }

    private static void write(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads and verifies a bundle directory. */
    public static ModelBundle load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new BundleException("model bundle " + dir + " is not a directory; pass the directory that `train --out` wrote");
        }
        try {
            return fromBytes(Files.readAllBytes(dir.resolve(METADATA_FILE)), Files.readAllBytes(dir.resolve(GRAPH_FILE)), dir.toString());
        } catch (NoSuchFileException e) {
            throw new BundleException("model bundle " + dir + " has no " + Path.of(e.getFile()).getFileName()
                    + "; it is incomplete: copy the whole directory or train again", e);
        } catch (IOException e) {
            throw new BundleException("cannot read model bundle " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses and verifies a bundle from its two files' contents (as stored in a model topic).
     *
     * @param where names the bundle in error messages
     */
    public static ModelBundle fromBytes(byte[] metadataJson, byte[] graph, String where) {
        BundleMetadata meta;
        try {
            meta = JSON.readValue(metadataJson, BundleMetadata.class);
        } catch (JsonProcessingException e) {
            throw new BundleException("model bundle " + where + " has an unreadable " + METADATA_FILE + " ("
                    + e.getOriginalMessage() + "); it is corrupt: train or export it again", e);
        } catch (IOException | IllegalArgumentException e) {
            throw new BundleException("model bundle " + where + " has an unreadable " + METADATA_FILE + " (" + e.getMessage()
                    + "); it is corrupt: train or export it again", e);
        }
        if (!BundleMetadata.FORMAT.equals(meta.format())) {
            throw new BundleException("model bundle " + where + " is not a ganwatch model (format '" + meta.format() + "')");
        }
        if (meta.formatVersion() > BundleMetadata.FORMAT_VERSION || meta.formatVersion() < 1) {
            throw new BundleException("model bundle " + where + " has format version " + meta.formatVersion()
                    + " but this ganwatch reads up to " + BundleMetadata.FORMAT_VERSION + "; upgrade ganwatch or retrain with this version");
        }
        verifyMetadata(metadataJson, where);
        String actual = Hashes.sha256(graph);
        if (!actual.equals(meta.provenance().graphSha256())) {
            throw new BundleException("model bundle " + where + " is corrupt: " + GRAPH_FILE + " has sha256 " + actual
                    + " but " + METADATA_FILE + " records " + meta.provenance().graphSha256() + "; copy the bundle again or retrain");
        }
        if (meta.featureNames().size() != meta.features().width()) {
            throw new BundleException("model bundle " + where + " is inconsistent: " + meta.featureNames().size()
                    + " feature names for an encoding of width " + meta.features().width() + "; retrain");
        }
        return new ModelBundle(meta, graph);
    }

    /**
     * Checks {@code model.json} against the hash it records of itself; after the format checks, as
     * a newer format may hash differently.
     */
    private static void verifyMetadata(byte[] metadataJson, String where) {
        String recorded;
        String actual;
        try {
            recorded = MetadataHash.recorded(metadataJson);
            actual = MetadataHash.of(metadataJson);
        } catch (IOException e) {
            throw new BundleException("model bundle " + where + " has an unreadable " + METADATA_FILE + " (" + e.getMessage()
                    + "); it is corrupt: train or export it again", e);
        }
        if (recorded == null) {
            LOG.warn("model bundle {} has no {} in {} (it was written before ganwatch hashed the metadata), so it is unverified:"
                    + " a changed threshold or feature center would go unnoticed; retrain it to get a verified bundle",
                    where, MetadataHash.FIELD, METADATA_FILE);
        } else if (!recorded.equals(actual)) {
            throw new BundleException("model bundle " + where + " is corrupt: " + METADATA_FILE + " was changed after it was"
                    + " written (its content has sha256 " + actual + " but its " + MetadataHash.FIELD + " records " + recorded
                    + "); copy the bundle again from where it was trained, publish it again with `ganwatch publish-model`, or retrain");
        }
    }

    /** The sha256 of the metadata's canonical content (what {@code metadata_sha256} records; what a signature signs). */
    public String contentSha256() {
        try {
            return MetadataHash.of(metadataJson());
        } catch (IOException e) {
            throw new IllegalStateException("cannot hash the bundle metadata", e);
        }
    }

    /**
     * The metadata serialised as in {@code model.json}, with the hash of its content in
     * {@code metadata_sha256}; what is saved and what the model topic carries.
     */
    public byte[] metadataJson() {
        try {
            return MetadataHash.seal(JSON.writeValueAsBytes(metadata), JSON);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise bundle metadata", e);
        }
    }
}

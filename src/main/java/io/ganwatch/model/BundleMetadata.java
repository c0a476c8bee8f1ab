package io.ganwatch.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.ganwatch.drift.TrainingProfile;
import io.ganwatch.features.FeatureSpec;
import io.ganwatch.training.AladConfig;
import io.ganwatch.training.EpochStats;

import java.util.List;
import java.util.Map;

/**
 * Everything in {@code model.json}: what the graph expects, how to threshold it, how good it was
 * on held-back data, and where it came from.
 *
 * @param format          always {@link #FORMAT}
 * @param formatVersion   bumped on incompatible changes; loaders refuse newer versions
 * @param modelId         stable name of the model (what it detects), chosen at training
 * @param version         unique, time-ordered version id of this bundle
 * @param createdAt       ISO-8601 UTC creation time
 * @param features        the feature specification the graph was trained with
 * @param featureNames    names of the encoded features, in graph order
 * @param threshold       calibrated threshold
 * @param hyperParameters training settings
 * @param latentDim       latent size used
 * @param checkpointEpoch epoch whose weights were kept
 * @param history         per-epoch losses and validation AUC
 * @param validation      metrics on held-back data (checkpoint criterion and, when the training file
 *                        had labelled anomalies, ROC-AUC etc. on them)
 * @param provenance      data source, counts, seed, versions, graph hash
 * @param calibrationScores scores of the held-back calibration rows, for p-values and scoring-time
 *                        thresholds; {@code null} in bundles written before they were kept
 * @param signature       who published the bundle ({@link BundleSigning}), or {@code null} when unsigned
 * @param profile         the training data's profile, for the stream's drift watch; {@code null} in
 *                        bundles written before it was kept (they load, without a drift watch)
 * @param recalibration   why the threshold differs from the trained one ({@code ganwatch recalibrate}), or
 *                        {@code null} for a bundle as trained (and every bundle written before it existed)
 * @param scoring         how the graph scores; {@code null} in bundles written before it was recorded,
 *                        which score with ALAD's feature-matching score
 */
public record BundleMetadata(
        @JsonProperty("format") String format,
        @JsonProperty("format_version") int formatVersion,
        @JsonProperty("model_id") String modelId,
        @JsonProperty("version") String version,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("features") FeatureSpec features,
        @JsonProperty("feature_names") List<String> featureNames,
        @JsonProperty("threshold") Threshold threshold,
        @JsonProperty("hyper_parameters") AladConfig hyperParameters,
        @JsonProperty("latent_dim") int latentDim,
        @JsonProperty("checkpoint_epoch") int checkpointEpoch,
        @JsonProperty("history") List<EpochStats> history,
        @JsonProperty("validation") Map<String, Double> validation,
        @JsonProperty("provenance") Provenance provenance,
        @JsonProperty("calibration_scores") @JsonInclude(JsonInclude.Include.NON_NULL) CalibrationScores calibrationScores,
        @JsonProperty("signature") @JsonInclude(JsonInclude.Include.NON_NULL) BundleSignature signature,
        @JsonProperty("profile") @JsonInclude(JsonInclude.Include.NON_NULL) TrainingProfile profile,
        @JsonProperty("recalibration") @JsonInclude(JsonInclude.Include.NON_NULL) Recalibration recalibration,
        @JsonProperty("scoring") @JsonInclude(JsonInclude.Include.NON_NULL) ScoringMethod scoring) {

    /** Value of {@link #format()}. */
    public static final String FORMAT = "ganwatch-model-bundle";
    /** The bundle format this build writes and the newest it reads. */
    public static final int FORMAT_VERSION = 1;

    /** Checks the fields that loading relies on. */
    public BundleMetadata {
        if (features == null || threshold == null || provenance == null || version == null) {
            throw new IllegalArgumentException("model.json lacks features, threshold, provenance or version");
        }
        featureNames = List.copyOf(featureNames);
        history = history == null ? List.of() : List.copyOf(history);
        validation = validation == null ? Map.of() : Map.copyOf(validation);
    }

    /** Metadata of a bundle as trained (no recalibration). */
    public BundleMetadata(String format, int formatVersion, String modelId, String version, String createdAt,
                          FeatureSpec features, List<String> featureNames, Threshold threshold, AladConfig hyperParameters,
                          int latentDim, int checkpointEpoch, List<EpochStats> history, Map<String, Double> validation,
                          Provenance provenance, CalibrationScores calibrationScores, BundleSignature signature,
                          TrainingProfile profile) {
        this(format, formatVersion, modelId, version, createdAt, features, featureNames, threshold, hyperParameters, latentDim,
                checkpointEpoch, history, validation, provenance, calibrationScores, signature, profile, null, null);
    }

    /** Metadata without a training profile (as written before it was kept). */
    public BundleMetadata(String format, int formatVersion, String modelId, String version, String createdAt,
                          FeatureSpec features, List<String> featureNames, Threshold threshold, AladConfig hyperParameters,
                          int latentDim, int checkpointEpoch, List<EpochStats> history, Map<String, Double> validation,
                          Provenance provenance, CalibrationScores calibrationScores, BundleSignature signature) {
        this(format, formatVersion, modelId, version, createdAt, features, featureNames, threshold, hyperParameters, latentDim,
                checkpointEpoch, history, validation, provenance, calibrationScores, signature, null, null, null);
    }

    /** Metadata without calibration scores (as written before they were kept). */
    public BundleMetadata(String format, int formatVersion, String modelId, String version, String createdAt,
                          FeatureSpec features, List<String> featureNames, Threshold threshold, AladConfig hyperParameters,
                          int latentDim, int checkpointEpoch, List<EpochStats> history, Map<String, Double> validation,
                          Provenance provenance) {
        this(format, formatVersion, modelId, version, createdAt, features, featureNames, threshold, hyperParameters, latentDim,
                checkpointEpoch, history, validation, provenance, null, null, null, null, null);
    }

    /** The same metadata with {@code scores} as its calibration scores ({@code null} for none). */
    public BundleMetadata withCalibrationScores(CalibrationScores scores) {
        return new BundleMetadata(format, formatVersion, modelId, version, createdAt, features, featureNames, threshold,
                hyperParameters, latentDim, checkpointEpoch, history, validation, provenance, scores, signature, profile, recalibration,
                scoring);
    }

    /** The same metadata signed with {@code sig} ({@code null} for unsigned). */
    public BundleMetadata withSignature(BundleSignature sig) {
        return new BundleMetadata(format, formatVersion, modelId, version, createdAt, features, featureNames, threshold,
                hyperParameters, latentDim, checkpointEpoch, history, validation, provenance, calibrationScores, sig, profile, recalibration,
                scoring);
    }

    /** The same metadata with {@code p} as its provenance (before signing: the signature covers it). */
    public BundleMetadata withProvenance(Provenance p) {
        return new BundleMetadata(format, formatVersion, modelId, version, createdAt, features, featureNames, threshold,
                hyperParameters, latentDim, checkpointEpoch, history, validation, p, calibrationScores, signature, profile, recalibration,
                scoring);
    }

    /** The same metadata with {@code how} as its scoring method ({@code null}: ALAD's score, as before it was recorded). */
    public BundleMetadata withScoring(ScoringMethod how) {
        return new BundleMetadata(format, formatVersion, modelId, version, createdAt, features, featureNames, threshold,
                hyperParameters, latentDim, checkpointEpoch, history, validation, provenance, calibrationScores, signature, profile,
                recalibration, how);
    }

    /** The same metadata with {@code p} as its training profile ({@code null} for none). */
    public BundleMetadata withProfile(TrainingProfile p) {
        return new BundleMetadata(format, formatVersion, modelId, version, createdAt, features, featureNames, threshold,
                hyperParameters, latentDim, checkpointEpoch, history, validation, provenance, calibrationScores, signature, p, recalibration,
                scoring);
    }

    /**
     * A new version of this metadata with another threshold and the reason for it, unsigned (a
     * signature covers the threshold, so the old one would no longer verify); everything else, the
     * graph hash and the scoring method included, stays.
     */
    public BundleMetadata recalibrated(String newVersion, String newCreatedAt, Threshold newThreshold, Recalibration why) {
        return new BundleMetadata(format, formatVersion, modelId, newVersion, newCreatedAt, features, featureNames, newThreshold,
                hyperParameters, latentDim, checkpointEpoch, history, validation, provenance, calibrationScores, null, profile, why,
                scoring);
    }
}

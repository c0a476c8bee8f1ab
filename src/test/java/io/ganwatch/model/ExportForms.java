package io.ganwatch.model;

import io.ganwatch.training.AladWeights;

/** Test-side access to the graph's two forms of the kNN distances, for experiments that time them against each other. */
public final class ExportForms {
    private ExportForms() {
    }

    /** The graph with the distances taken in the feature space even where the input-space metric applies. */
    public static byte[] byFeatures(AladWeights weights, KnnHead head) {
        return OnnxExporter.export(weights, head, "x", false, false);
    }
}

/**
 * Measurement harnesses behind the detector's design choices, recorded in BENCHMARKS.md; not tests
 * (nothing here runs in {@code mvn verify}). Each is a {@code main} run on the peers' splits
 * ({@code detect_peers.py --write-splits DIR}) with the test class path in an argument file, since
 * ONNX Runtime refuses a long command line:
 *
 * <pre>
 * mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt -Dmdep.includeScope=test
 * echo "-cp target/test-classes:target/classes:$(cat cp.txt)" &gt; cp.arg
 * java @cp.arg io.ganwatch.experiments.FeatureSpaceKnn DIR 1 12_fault 29_Pima ...   # spaces and alpha, seed 1
 * java @cp.arg io.ganwatch.experiments.SeedEnsemble DIR 1 4_breastw 6_cardio ...    # three seeds' heads averaged
 * java @cp.arg io.ganwatch.experiments.GraphThroughput NSLKDD ../shared/datasets    # ALAD-only vs kNN-head graph rows/s
 * java @cp.arg io.ganwatch.experiments.GeneratorSamples DIR OUT 1,2,3 6_cardio ...  # rows and G(z) for metric_knn.py --gan
 * </pre>
 */
package io.ganwatch.experiments;

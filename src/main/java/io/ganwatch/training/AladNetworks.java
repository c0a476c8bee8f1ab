package io.ganwatch.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

import java.util.ArrayList;
import java.util.List;

/**
 * ALAD's five networks in DJL: encoder E, generator G and the discriminators on (x, z), (x, x)
 * and (z, z). Layer sizes follow the paper's tabular (KDD) architecture.
 */
final class AladNetworks {
    private static final Act L = Act.LEAKY_RELU;
    private static final Act N = Act.NONE;

    final Mlp encoder;
    final Mlp generator;
    private final Mlp dxzX;
    private final Mlp dxzZ;
    private final Mlp dxzJoint;
    private final Mlp dxxFeatures;
    private final Mlp dxxOut;
    private final Mlp dzz;
    private final ParameterStore ps;

    AladNetworks(NDManager manager, int width, int latent) {
        encoder = new Mlp(manager, width, new int[]{64, latent}, new Act[]{L, N});
        generator = new Mlp(manager, latent, new int[]{64, 128, width}, new Act[]{Act.RELU, Act.RELU, N});
        dxzX = new Mlp(manager, width, new int[]{128}, new Act[]{L});
        dxzZ = new Mlp(manager, latent, new int[]{128}, new Act[]{L});
        dxzJoint = new Mlp(manager, 256, new int[]{128, 1}, new Act[]{L, N});
        dxxFeatures = new Mlp(manager, 2 * width, new int[]{AladFeatures.WIDTH}, new Act[]{L});
        dxxOut = new Mlp(manager, AladFeatures.WIDTH, new int[]{1}, new Act[]{N});
        dzz = new Mlp(manager, 2 * latent, new int[]{32, 1}, new Act[]{L, N});
        ps = new ParameterStore(manager, false);
    }

    NDArray encode(NDArray x) {
        return encoder.forward(ps, x, true);
    }

    NDArray generate(NDArray z) {
        return generator.forward(ps, z, true);
    }

    NDArray dxz(NDArray x, NDArray z) {
        NDArray h = NDArrays.concat(new NDList(dxzX.forward(ps, x, true), dxzZ.forward(ps, z, true)), 1);
        return dxzJoint.forward(ps, h, true);
    }

    NDArray dxxFeatures(NDArray a, NDArray b) {
        return dxxFeatures.forward(ps, NDArrays.concat(new NDList(a, b), 1), true);
    }

    NDArray dxx(NDArray a, NDArray b) {
        return dxxOut.forward(ps, dxxFeatures(a, b), true);
    }

    NDArray dzz(NDArray a, NDArray b) {
        return dzz.forward(ps, NDArrays.concat(new NDList(a, b), 1), true);
    }

    /** ALAD's anomaly score, [batch]; must match the exported ONNX graph. */
    NDArray score(NDArray x) {
        NDArray rec = generate(encode(x));
        return dxxFeatures(x, x).sub(dxxFeatures(x, rec)).abs().sum(new int[]{1});
    }

    List<Parameter> discriminatorParameters() {
        List<Parameter> ps = new ArrayList<>();
        for (Mlp m : List.of(dxzX, dxzZ, dxzJoint, dxxFeatures, dxxOut, dzz)) {
            ps.addAll(m.parameters());
        }
        return ps;
    }

    List<Parameter> generatorParameters() {
        List<Parameter> ps = new ArrayList<>(encoder.parameters());
        ps.addAll(generator.parameters());
        return ps;
    }

    AladWeights snapshot() {
        return new AladWeights(encoder.snapshot(), generator.snapshot(), dxxFeatures.snapshot());
    }

    /** Every network's weights as plain arrays, in a fixed order: the best checkpoint, and {@link WeightAverage}'s input. */
    List<float[]> weights() {
        List<float[]> out = new ArrayList<>();
        for (Mlp m : all()) {
            out.addAll(m.weights());
        }
        return out;
    }

    /** Overwrites every network's weights with arrays in the order of {@link #weights()}. */
    void setWeights(List<float[]> weights) {
        int at = 0;
        for (Mlp m : all()) {
            at += m.setWeights(weights, at);
        }
    }

    private List<Mlp> all() {
        return List.of(encoder, generator, dxzX, dxzZ, dxzJoint, dxxFeatures, dxxOut, dzz);
    }
}

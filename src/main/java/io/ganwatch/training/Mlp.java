package io.ganwatch.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;

import java.util.ArrayList;
import java.util.List;

/**
 * A multi-layer perceptron built from DJL {@link Linear} blocks, with its activations kept as
 * {@link Act} values so that it can be exported layer by layer.
 *
 * <p>Not thread-safe; owned by one trainer.
 */
public final class Mlp {
    private final List<Linear> linears = new ArrayList<>();
    private final List<Act> acts;
    private final int inputs;

    /**
     * Creates and initialises the layers on {@code manager} (Xavier weights, zero biases; the engine's
     * random seed must already be set for reproducibility).
     *
     * @param inputs input width
     * @param units  units of each layer
     * @param acts   activation after each layer
     */
    public Mlp(NDManager manager, int inputs, int[] units, Act[] acts) {
        if (units.length != acts.length || units.length == 0) {
            throw new IllegalArgumentException("an MLP needs one activation per layer and at least one layer");
        }
        this.inputs = inputs;
        this.acts = List.of(acts);
        int in = inputs;
        for (int u : units) {
            Linear l = Linear.builder().setUnits(u).build();
            l.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
            l.initialize(manager, DataType.FLOAT32, new Shape(1, in));
            linears.add(l);
            in = u;
        }
    }

    /** An MLP holding a copy of trained layers. */
    public static Mlp of(NDManager manager, List<DenseLayer> layers) {
        int[] units = layers.stream().mapToInt(DenseLayer::outputs).toArray();
        Act[] acts = layers.stream().map(DenseLayer::act).toArray(Act[]::new);
        Mlp mlp = new Mlp(manager, layers.get(0).inputs(), units, acts);
        mlp.restore(layers);
        return mlp;
    }

    /** Forward pass; arrays created here attach to {@code x}'s manager (the caller's per-step manager). */
    public NDArray forward(ParameterStore ps, NDArray x, boolean training) {
        NDArray h = x;
        for (int i = 0; i < linears.size(); i++) {
            h = linears.get(i).forward(ps, new NDList(h), training).singletonOrThrow();
            h = acts.get(i).apply(h);
        }
        return h;
    }

    /** All trainable parameters, in a stable order. */
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>();
        for (Linear l : linears) {
            l.getParameters().forEach(p -> ps.add(p.getValue()));
        }
        return ps;
    }

    /** The current weights and biases as plain arrays, layer by layer (weight, then bias), for {@link WeightAverage}. */
    public List<float[]> weights() {
        List<float[]> out = new ArrayList<>(2 * linears.size());
        for (Linear l : linears) {
            out.add(l.getParameters().get("weight").getArray().toFloatArray());
            out.add(l.getParameters().get("bias").getArray().toFloatArray());
        }
        return out;
    }

    /** Overwrites the weights with arrays in the order of {@link #weights()}; returns how many it used. */
    public int setWeights(List<float[]> weights, int from) {
        int i = from;
        for (Linear l : linears) {
            l.getParameters().get("weight").getArray().set(weights.get(i++));
            l.getParameters().get("bias").getArray().set(weights.get(i++));
        }
        return i - from;
    }

    /** Copies the current weights out of the engine. */
    public List<DenseLayer> snapshot() {
        List<DenseLayer> layers = new ArrayList<>();
        int in = inputs;
        for (int i = 0; i < linears.size(); i++) {
            Linear l = linears.get(i);
            float[] w = l.getParameters().get("weight").getArray().toFloatArray();
            float[] b = l.getParameters().get("bias").getArray().toFloatArray();
            layers.add(new DenseLayer(in, b.length, w, b, acts.get(i)));
            in = b.length;
        }
        return layers;
    }

    /** Overwrites the weights with a snapshot taken from an MLP of the same shape. */
    public void restore(List<DenseLayer> layers) {
        List<float[]> flat = new ArrayList<>(2 * layers.size());
        for (DenseLayer layer : layers) {
            flat.add(layer.weight());
            flat.add(layer.bias());
        }
        setWeights(flat, 0);
    }
}

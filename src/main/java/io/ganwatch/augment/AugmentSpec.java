package io.ganwatch.augment;

import io.ganwatch.augment.classify.ClassifierKind;
import io.ganwatch.augment.gan.CtganConfig;
import io.ganwatch.input.Table;

import java.util.Set;

/**
 * One augmentation job: which rows are the minority, how to make more of them, and how to judge
 * whether they help. Validated at construction so that a bad request fails before any training.
 *
 * @param train       real training rows, label column included
 * @param test        real test rows with the same columns, or {@code null} to skip classifier evaluation
 * @param labelColumn the column holding the class
 * @param minority    label values that make up the minority class (one-vs-rest)
 * @param method      how to make synthetic rows
 * @param count       synthetic rows to make (ignored for {@link AugmentMethod#NONE})
 * @param classifier  classifier used for the evaluation
 * @param seed        seed for every random choice
 * @param gan         GAN hyper-parameters (used for {@link AugmentMethod#GAN})
 */
public record AugmentSpec(Table train, Table test, String labelColumn, Set<String> minority, AugmentMethod method,
                          int count, ClassifierKind classifier, long seed, CtganConfig gan) {
}

/**
 * Item features that are not ids: the feature file format ({@link io.mic.core.features.FeatureFile}),
 * the built-in {@link io.mic.spi.ItemFeatureSource}s {@code file} and {@code hashed-ngram}, the
 * SHA-256-keyed text cache in front of slow encoders, and the item texts of a dataset. The
 * pretrained sentence encoder ({@code minilm}) lives in module {@code mic-features-minilm}.
 * See {@code docs/features.md}.
 */
package io.mic.core.features;

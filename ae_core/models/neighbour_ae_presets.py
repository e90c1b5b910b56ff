"""Presets of :mod:`ae_core.models.neighbour_ae` as plain data (no Keras import)."""

from __future__ import annotations

from ae_core.registry import N_, TrainRecipe, register_model

register_model(
    "dense_ae_2",
    model_class="ae_core.models.neighbour_ae.NeighbourAE",
    config=dict(hidden_units=(512, 256, 64), latent_dim=2, perplexity=15.0, embedding_weight=1000.0),
    tags=("draw", "reconstruct", "latent2d", "pretrain_encoder"),
    title=N_("Dense AE + neighbour loss, 2-d code"),
    description=N_("Squeezes each digit into two numbers, so the whole code space is a map you can look at. Besides "
        "redrawing the digit, training asks the map to keep each digit next to the digits that look most like it "
        "in pixels (a parametric t-SNE loss on each batch; pixels only, no labels), so the digits form islands."),
    recipe=TrainRecipe(epochs=12, batch_size=512, learning_rate=2e-3, augmented_copies=1),
)

register_model(
    "dense_ae_10",
    model_class="ae_core.models.neighbour_ae.NeighbourAE",
    config=dict(hidden_units=(512, 256, 64), latent_dim=10, perplexity=15.0, embedding_weight=1000.0),
    tags=("pretrain_encoder",),
    title=N_("Dense AE + neighbour loss, 10-d code"),
    description=N_("The 2-d map's model with a 10-number code: pixels only, no labels, yet digits that look alike get "
        "codes close together, so a classifier trained on its codes needs few labels."),
    # The pretraining lesson's encoder: on its codes a small classifier beats the same network
    # trained from scratch by far at 10 labels per class (tests/benchmarks/results/quality.md);
    # the 30-d deep AE's codes help by only a few points.
    recipe=TrainRecipe(epochs=12, batch_size=512, learning_rate=2e-3, augmented_copies=1),
)

register_model(
    "fashion_dense_ae_2",
    model_class="ae_core.models.neighbour_ae.NeighbourAE",
    config=dict(hidden_units=(512, 256, 64), latent_dim=2, perplexity=15.0, embedding_weight=1000.0),
    dataset="fashion_mnist",
    tags=("reconstruct", "latent2d"),
    title=N_("Dense AE + neighbour loss (Fashion), 2-d code"),
    description=N_("The 2-d map of clothes: the same model as the digits' map (reconstruction plus a parametric t-SNE "
        "loss on pixels, no labels), trained on Fashion-MNIST."),
    recipe=TrainRecipe(epochs=8, batch_size=512, learning_rate=2e-3, augment=False, max_train=20000),
)

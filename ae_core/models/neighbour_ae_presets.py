"""Presets of :mod:`ae_core.models.neighbour_ae` as plain data (no Keras import)."""

from __future__ import annotations

from ae_core.registry import TrainRecipe, register_model

register_model(
    "dense_ae_2",
    model_class="ae_core.models.neighbour_ae.NeighbourAE",
    config=dict(hidden_units=(512, 256, 64), latent_dim=2, perplexity=15.0, embedding_weight=1000.0),
    tags=("draw", "reconstruct", "latent2d", "pretrain_encoder"),
    title={"en": "Dense AE + neighbour loss, 2-d code", "es": "AE denso + pérdida de vecinos, código de 2"},
    description={
        "en": "Squeezes each digit into two numbers, so the whole code space is a map you can look at. Besides "
        "redrawing the digit, training asks the map to keep each digit next to the digits that look most like it "
        "in pixels (a parametric t-SNE loss on each batch; pixels only, no labels), so the digits form islands.",
        "es": "Comprime cada dígito en dos números: todo el espacio de códigos es un mapa que se puede mirar. Además "
        "de redibujar el dígito, el entrenamiento pide que el mapa deje cada dígito junto a los que más se le "
        "parecen en píxeles (una pérdida t-SNE paramétrica en cada lote; solo píxeles, sin etiquetas), así que los "
        "dígitos forman islas.",
    },
    recipe=TrainRecipe(epochs=12, batch_size=512, learning_rate=2e-3, augmented_copies=1),
)

register_model(
    "fashion_dense_ae_2",
    model_class="ae_core.models.neighbour_ae.NeighbourAE",
    config=dict(hidden_units=(512, 256, 64), latent_dim=2, perplexity=15.0, embedding_weight=1000.0),
    dataset="fashion_mnist",
    tags=("reconstruct", "latent2d"),
    title={
        "en": "Dense AE + neighbour loss (Fashion), 2-d code",
        "es": "AE denso + pérdida de vecinos (Fashion), código de 2",
    },
    description={
        "en": "The 2-d map of clothes: the same model as the digits' map (reconstruction plus a parametric t-SNE "
        "loss on pixels, no labels), trained on Fashion-MNIST.",
        "es": "El mapa 2-d de prendas: el mismo modelo que el mapa de dígitos (reconstrucción más una pérdida t-SNE "
        "paramétrica sobre píxeles, sin etiquetas), entrenado con Fashion-MNIST.",
    },
    recipe=TrainRecipe(epochs=8, batch_size=512, learning_rate=2e-3, augment=False, max_train=20000),
)

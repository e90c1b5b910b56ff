"""Autoencoder Lab core: data, preprocessing, the model zoo, training and serving.

Never imports Streamlit. Importing the package is cheap: Keras loads only with the model files.
"""

__version__ = "0.1.0"

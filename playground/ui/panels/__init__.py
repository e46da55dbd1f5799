"""Side panels: data, hyperparameters, toolbar."""

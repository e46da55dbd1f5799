"""The names of the app's controls a lesson step can show or hide.

One list, read by the lesson validator here and by the app's lesson panel,
which maps each name to its widgets. A step's ``hide`` removes controls that
would distract; ``show`` brings forward a view that is not always on screen
(the step-through panel, the loss landscape).
"""

from __future__ import annotations

#: name -> what it is in the main window.
CONTROLS: dict[str, str] = {
    # data panel
    "dataset": "the dataset picker",
    "classes": "the number of classes",
    "noise": "the noise slider",
    "train_fraction": "the training data share slider",
    "samples": "the number of samples",
    "regenerate": "the Regenerate button",
    # hyperparameters panel
    "learning_rate": "the learning rate",
    "optimizer": "the optimizer and its momentum / Adam settings",
    "loss": "the loss function",
    "batch_size": "the batch size",
    "regularization": "the regularization and its rate",
    "problem_type": "the problem type (classification or regression)",
    "activations": "the per-layer activation choices",
    # network canvas
    "palette": "the palette of layers, neurons and activations to drag in",
    "features": "the input features column (switch features on and off)",
    "network_editing": "editing the network on the canvas (add, remove, move layers and neurons)",
    "weight_editing": "typing a weight or bias into an edge or bias square",
    # training bar
    "play": "Play / Pause",
    "step": "Step epoch and Step batch",
    "reset": "Reset (new random weights)",
    "speed": "the training speed",
    # output views
    "boundary_plot": "the decision boundary / regression output plot",
    "loss_plot": "the loss curves",
    "deltas_plot": "the deltas view (mean |delta| per layer, delta heatmap)",
    "step_through": "the step-through panel (one sample, forward and backward)",
    "gradient_check": "the gradient check panel",
    "loss_landscape": "the loss landscape view",
}

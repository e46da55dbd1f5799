"""The tooltips of the panels' controls, each text written once.

A hyperparameter's tip says what it does and what a higher or a lower value
does; the activation tips are the engine registry's own descriptions
(``ACTIVATIONS[name].description``), so they cannot drift from the code.
The test ``tests/ui/test_tooltips.py`` fails on any control left without one.
"""

from __future__ import annotations

from playground.engine import ACTIVATIONS

#: One per TrainConfig field shown in the "Training" box (``panels/training_settings.py``).
TRAINING = {
    "learning_rate": "How far each update moves the weights along the gradient; applies at once, weights kept.\n"
                     "Higher: faster, but the loss can jump around or blow up (NaN).\n"
                     "Lower: steadier, but slower, and it can stall on a plateau.",
    "optimizer": "How the gradient becomes a weight update.\n"
                 "sgd: a plain step down the gradient. momentum / nesterov: steps keep some of their "
                 "previous direction (faster along long valleys). adam: a step per weight, scaled by its "
                 "recent gradients (forgiving of the learning rate).",
    "momentum": "How much of the previous step each update keeps (momentum and nesterov).\n"
                "Higher (towards 1): faster along long valleys, but it can overshoot and swing.\n"
                "Lower: closer to plain sgd; 0 is sgd.",
    "beta1": "Adam's memory of recent gradients (their running mean).\n"
             "Higher: smoother, steadier steps that react slowly to change.\n"
             "Lower: steps follow each batch's gradient more closely, and are noisier.",
    "beta2": "Adam's memory of recent squared gradients (the scale of each weight's step).\n"
             "Higher (0.999): a steady step size per weight.\n"
             "Lower: step sizes react quickly to each batch, and can be erratic.",
    "loss": "What training minimizes. \"auto\" picks the one that fits the output: "
            "cross-entropy for classes, squared error for regression.",
    "batch_size": "Samples per update: 1 = online, \"full batch\" = the whole training set.\n"
                  "Larger: smoother, more exact gradients, but fewer updates per epoch.\n"
                  "Smaller: more, noisier updates per epoch (the noise can help escape flat spots).",
    "regularization": "A penalty on large weights, added to the loss. l2 shrinks every weight a little; "
                      "l1 pushes small weights to exactly 0. none: no penalty.",
    "regularization_rate": "How strongly the penalty on large weights counts.\n"
                           "Higher: smaller weights and smoother boundaries, less overfitting, "
                           "but too high and the network underfits.\n"
                           "Lower: the network fits the training data more closely; 0 is no penalty.",
}

#: The data panel's controls (``panels/data_panel.py``).
DATA = {
    "classes": "How many classes the generated dataset has (for the generators that can vary it).\n"
               "More: a harder problem that needs one output per class (softmax).",
    "noise": "How far the generated points scatter from their pattern.\n"
             "Higher: classes overlap and a perfect fit is impossible; overfitting shows.\n"
             "Lower: clean patterns that the network can fit exactly.",
    "train_share": "The share of the samples the network trains on; the rest is the test set.\n"
                   "Higher: more to learn from, but a smaller, noisier test estimate.\n"
                   "Lower: a larger test set, and overfitting shows sooner.",
    "samples": "How many points the generator draws.\n"
               "More: the true pattern is easier to see, and each epoch takes longer.\n"
               "Fewer: fast epochs, but easy to memorize (overfit).",
}

PROBLEM = "Classification or regression: switches to a dataset of that kind and resets the network."


def activation_tip(layer: int, name: str) -> str:
    """The tip of hidden layer ``layer``'s (0-based) activation box, showing ``name`` chosen.

    The description is the engine registry's; changing it rebuilds the network.
    """
    return (f"The activation f of hidden layer {layer + 1}, y = f(a); choosing another rebuilds the network.\n"
            f"{name}: {activation_description(name)}")


def activation_description(name: str) -> str:
    """What the engine's registry says of activation ``name`` (its name when it says nothing)."""
    activation = ACTIVATIONS.get(name)
    return activation.description if activation is not None and activation.description else name

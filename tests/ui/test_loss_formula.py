"""The loss selector and the loss plot show the chosen loss's formula, written once (playground.notation)."""

from __future__ import annotations

from playground.notation import LOSS_FORMULAS, batch_loss_formula, plain, rich


def test_the_batch_formula_is_the_mean_of_the_per_sample_one():
    assert plain(batch_loss_formula("mse")) == "J = (1/n) Σ_i J_i,  J_i = ½ Σ_k (y_k − t_k)²"
    for name, (_, per_sample) in LOSS_FORMULAS.items():
        text = batch_loss_formula(name)
        assert text.startswith("J = (1/n) Σ_{i} J_{i},") and text.endswith(per_sample[len("J ="):])


def test_the_selector_and_the_plot_follow_the_chosen_loss(qtbot, window):
    box = window.hyper_panel.training
    combo = box.widget("loss")
    # "auto" on the spiral: the sigmoid output's binary cross-entropy.
    expected = rich(batch_loss_formula("binary_cross_entropy"))
    assert expected in box.loss_formula.text() and expected in combo.toolTip()
    assert "binary cross-entropy" in combo.toolTip()
    assert expected in window.output.loss.title_text()
    # Every item says its own formula in its tooltip.
    from PySide6.QtCore import Qt
    mse_index = combo.findData("mse")
    assert rich(batch_loss_formula("mse")) in combo.itemData(mse_index, Qt.ItemDataRole.ToolTipRole)
    # Choosing mse (allowed after a sigmoid) changes both.
    combo.setCurrentIndex(mse_index)
    assert window.session.experiment.training.loss == "mse"
    mse = rich(batch_loss_formula("mse"))
    assert mse in box.loss_formula.text() and mse in combo.toolTip()
    qtbot.waitUntil(lambda: mse in window.output.loss.title_text())
    assert expected not in window.output.loss.title_text()


def test_a_narrow_plot_shortens_the_formula_and_keeps_it_whole_in_the_tooltip(qtbot):
    from playground.ui.plots.loss_plot import LossPlot

    plot = LossPlot()
    qtbot.addWidget(plot)
    plot.set_loss("binary_cross_entropy")
    full = batch_loss_formula("binary_cross_entropy")
    plot.resize(900, 300)
    plot.show()
    qtbot.waitExposed(plot)
    assert plot.shown_title() == rich(full)
    plot.resize(320, 300)
    qtbot.waitUntil(lambda: plot.shown_title() != rich(full))
    # The per-sample J_i (the part that differs between losses) survives; the tooltip has all of it.
    assert plot.shown_title() == rich(full.partition(",  ")[2])
    assert plain(full) in plot.plot.toolTip()
    plot.resize(120, 300)
    qtbot.waitUntil(lambda: plot.shown_title() == rich("J = (1/n) \u03a3_{i} J_{i}"))
    assert plot.title_text() == rich(full)

"""The nudge estimate (central difference) against backprop, and the view that shows it."""
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

from xo_gui.engine.classic import classic_network  # noqa: E402
from xo_gui.engine.data import generate  # noqa: E402
from xo_gui.engine.layers import Linear  # noqa: E402
from xo_gui.engine.network import build_network  # noqa: E402
from xo_gui.model.gradients import check_gradient, parameter_names  # noqa: E402


@pytest.mark.parametrize("loss", ["cross_entropy", "tutorial"])
def test_numerical_gradient_matches_backprop_for_every_parameter(loss):
    net = build_network(9, (4, 3), (3, 2), hidden=(5,), seed=3)
    images, labels = generate(6, 9, "medium", seed=1)
    for name in parameter_names(net):
        size = dict(zip(parameter_names(net), (v.size for _, _, v in net.parameters())))[name]
        for index in {0, size // 2, size - 1}:
            check = check_gradient(net, images, labels, loss, name, index, eps=1e-5)
            assert check.numerical == pytest.approx(check.backprop, rel=1e-4, abs=1e-7), name


def test_frozen_layers_still_get_a_gradient_and_the_network_is_untouched():
    net = classic_network()
    net.freeze([0])
    before = net.state_dict()
    images, labels = generate(4, 9, "low", 0)
    # Off the ±1 lattice, so no max-pooling window holds a tie (a kink in the loss).
    images = images * 0.9 + np.random.default_rng(0).uniform(-0.05, 0.05, images.shape)
    check = check_gradient(net, images, labels, "cross_entropy", "layers.0.weight", 4, 1e-5)
    assert check.backprop != 0 and check.numerical == pytest.approx(check.backprop, rel=1e-4)
    assert all(np.array_equal(before[k], v) for k, v in net.state_dict().items())
    assert net.frozen == [0]


def test_the_check_catches_a_wrong_backprop(monkeypatch):
    """Negative control: double the votes' gradient and the two estimates disagree."""
    real = Linear.backward

    def doubled(self, grad, need_input_grad=True):
        out = real(self, grad, need_input_grad)
        self.grads = {k: 2 * v for k, v in self.grads.items()}
        return out
    monkeypatch.setattr(Linear, "backward", doubled)
    net = classic_network()
    images, labels = generate(4, 9, "low", 0)
    check = check_gradient(net, images, labels, "cross_entropy", "layers.4.weight", 7)
    assert check.backprop == pytest.approx(2 * check.numerical, rel=1e-4)
    assert check.difference > 1e-4


def test_index_out_of_range_is_refused():
    with pytest.raises(IndexError):
        check_gradient(classic_network(), generate(2, 9, "none", 0)[0], np.array([0, 1]),
                       "cross_entropy", "layers.4.bias", 2)


def test_the_gradient_page_shows_both_numbers(qtbot, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from xo_gui.gui.train.tab import TrainTab
    from xo_gui.model.lab import LabModel

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a: pytest.fail(str(a))))
    model = LabModel()
    model.training.refused.connect(lambda title, text: pytest.fail(f"{title}: {text}"))
    tab = TrainTab(model)
    qtbot.addWidget(tab)
    try:
        view = tab.gradients
        view.param.setCurrentIndex(view.param.findData("layers.0.weight"))
        assert view.param.currentText().startswith("conv1 weight")
        view.index.setValue(4)
        view.eps.setValue(1e-3)
        view.compare.click()
        expected = tab.session.gradient(model.image, 0, "layers.0.weight", 4, 1e-3)
        text = view.result.text()
        assert f"{expected.numerical:.6g}" in text and f"{expected.backprop:.6g}" in text
        assert view.index.maximum() == 6 * 3 * 3 - 1           # the default 6 features, 3x3
    finally:
        tab.shutdown()


def test_the_gradient_check_judges_the_drawing_against_its_known_label(qtbot):
    """The nudge uses what the drawing is (Train's "The drawing is"), not always X."""
    from xo_gui.model.lab import LabModel

    model = LabModel()
    try:
        assert model.load_preset("o") and model.truth == 1
        check = model.training.check_gradient("layers.0.weight", 4, 1e-3)
        expected = model.training.session.gradient(model.image, 1, "layers.0.weight", 4, 1e-3)
        assert check.backprop == pytest.approx(expected.backprop)
        assert check.numerical == pytest.approx(expected.numerical)
    finally:
        model.training.shutdown()

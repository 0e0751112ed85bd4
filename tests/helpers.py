"""Small helpers shared by the GUI tests."""
from xo_gui.model.lab import NetworkSource


def show_network(model, net, image=None, name="test.npz",
                 source=NetworkSource.FILE) -> None:
    """Explore shows ``net`` (and ``image``), as a model file opened by the user would."""
    assert model.use_network(net, source, name, resample=True)
    if image is not None:
        assert model.set_drawing(image, "test")

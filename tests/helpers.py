"""Small helpers shared by the GUI tests."""
from xo_gui.model.lab import NetworkSource


def show_network(model, net, image=None, name="test.npz",
                 source=NetworkSource.FILE) -> None:
    """Explore shows ``net`` (and ``image``), as a model file opened by the user would."""
    assert model.use_network(net, source, name, resample=True)
    if image is not None:
        assert model.set_drawing(image, "test")


def run_cli(capsys, *argv) -> tuple[int, str, str]:
    """``xo-gui ARGV`` in this process: (exit code, stdout, stderr)."""
    from xo_gui.cli import main
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def run_cli_json(capsys, *argv) -> dict:
    import json
    code, out, err = run_cli(capsys, *argv)
    assert code == 0, err
    return json.loads(out)

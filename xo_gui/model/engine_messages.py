"""Engine refusals in the window's language.  The engine stays free of Qt: it raises
``XoError(template, **params)`` whose ``str()`` is the English sentence the CLI prints.
``engine_text`` looks the template up in Qt's translations (context "EngineMessages"),
fills it in, and translates the words and phrases it was built with (``Phrase``).
TEMPLATES lists every template literally so pyside6-lupdate collects them
(tests/test_engine_messages.py checks that none is missing)."""
from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from ..engine.errors import Phrase, XoError

CONTEXT = "EngineMessages"


def engine_text(exc: BaseException) -> str:
    """``exc``'s sentence in the window's language (English text for anything else)."""
    if not isinstance(exc, (XoError, Phrase)):
        return str(exc)
    template = QCoreApplication.translate(CONTEXT, exc.template)
    params = {key: _param(value) for key, value in exc.params.items()}
    try:
        return template.format(**params) if params else template
    except (KeyError, IndexError, ValueError):      # a translation that lost a placeholder
        return str(exc)


def _param(value: object) -> object:
    return engine_text(value) if isinstance(value, (XoError, Phrase)) else value


WORDS = (     # what a message names ("cannot open {what} file ...", "{name} must be ...")
    QT_TRANSLATE_NOOP("EngineMessages", "drawing"),
    QT_TRANSLATE_NOOP("EngineMessages", "picture"),
    QT_TRANSLATE_NOOP("EngineMessages", "model"),
    QT_TRANSLATE_NOOP("EngineMessages", "dataset"),
    QT_TRANSLATE_NOOP("EngineMessages", "lab"),
    QT_TRANSLATE_NOOP("EngineMessages", "features per block"),     # the settings' fields
    QT_TRANSLATE_NOOP("EngineMessages", "hidden sizes"),
)

TEMPLATES = (
    # checked_zip
    QT_TRANSLATE_NOOP("EngineMessages", "{name} unpacks to {mb:.0f} MB, more than a {what} file may ({most:.0f} MB)"),
    QT_TRANSLATE_NOOP("EngineMessages", "{name} has no entry {entry!r}, so it is not a complete {what} file"),
    QT_TRANSLATE_NOOP("EngineMessages", "{name} is not a {what} file, or it is damaged or truncated"),
    QT_TRANSLATE_NOOP("EngineMessages", "cannot read {what} file {name}: {reason}"),
    QT_TRANSLATE_NOOP("EngineMessages", "{name} is a folder, not a {what} file"),
    QT_TRANSLATE_NOOP("EngineMessages", "{name} is not a regular file (a pipe, socket or device), so it is not a {what} file"),
    QT_TRANSLATE_NOOP("EngineMessages", "cannot open {what} file {name}: {reason}"),
    QT_TRANSLATE_NOOP("EngineMessages", "{name} is not a regular file, so it is not a {what} file"),
    QT_TRANSLATE_NOOP("EngineMessages", "{name} is {mb:.0f} MB, more than a {what} file may be ({most:.0f} MB)"),
    QT_TRANSLATE_NOOP("EngineMessages", "{name} is not a {what} file (not a zip archive), or it is damaged"),
    # data
    QT_TRANSLATE_NOOP("EngineMessages", "unknown letter {name!r}; choose from {known}"),
    QT_TRANSLATE_NOOP("EngineMessages", "number of images must be from 1 to {most:,} (got {count!r})"),
    QT_TRANSLATE_NOOP("EngineMessages", "a data set needs {least} to {most} classes (got {n})"),
    QT_TRANSLATE_NOOP("EngineMessages", "each class needs its own name (got {names})"),
    QT_TRANSLATE_NOOP("EngineMessages", "unknown class {name!r}; choose from {known}"),
    # drawing_files
    QT_TRANSLATE_NOOP("EngineMessages", "it is empty"),
    QT_TRANSLATE_NOOP("EngineMessages", "it has {rows} rows, at most {most} are allowed"),
    QT_TRANSLATE_NOOP("EngineMessages", "row {row} has {cell!r}; every value must be a finite number"),
    QT_TRANSLATE_NOOP("EngineMessages", "row {row} has {cell}, outside the allowed range -1 to 1"),
    QT_TRANSLATE_NOOP("EngineMessages", "a drawing must be a grid of at most {most}x{most} pixels (got shape {shape})"),
    QT_TRANSLATE_NOOP("EngineMessages", "a drawing's pixels must all be numbers from -1 to 1"),
    QT_TRANSLATE_NOOP("EngineMessages", "{name} is a binary file, not a drawing (text with '#' and '.')"),
    QT_TRANSLATE_NOOP("EngineMessages", "images must be a stack (N, H, W), not shape {shape}"),
    QT_TRANSLATE_NOOP("EngineMessages", "it holds no images"),
    QT_TRANSLATE_NOOP("EngineMessages", "it holds {n:,} images, at most {most:,} are allowed"),
    QT_TRANSLATE_NOOP("EngineMessages", "its images are {h}x{w}, at most {most}x{most} are allowed"),
    QT_TRANSLATE_NOOP("EngineMessages", "it has {n} images but labels of shape {shape}"),
    QT_TRANSLATE_NOOP("EngineMessages", "its {n:,} images of {h}x{w} are {pixels:,} pixels, at most {most:,} are allowed"),
    QT_TRANSLATE_NOOP("EngineMessages", "images must be numbers and labels whole numbers (got {images}, {labels})"),
    QT_TRANSLATE_NOOP("EngineMessages", "its image pixels must all be finite numbers from -1 to 1"),
    QT_TRANSLATE_NOOP("EngineMessages", "its labels must be from 0 to {last} (one per class)"),
    QT_TRANSLATE_NOOP("EngineMessages", "cannot save this dataset: {problem}"),
    QT_TRANSLATE_NOOP("EngineMessages", "the class list of {name}"),
    QT_TRANSLATE_NOOP("EngineMessages", "{name} has no valid class list (a JSON list of names)"),
    QT_TRANSLATE_NOOP("EngineMessages", "{name} is not a valid dataset: {problem}"),
    QT_TRANSLATE_NOOP("EngineMessages", "row {row} is empty"),
    QT_TRANSLATE_NOOP("EngineMessages", "row {row} has {cells} cells, at most {most} are allowed"),
    QT_TRANSLATE_NOOP("EngineMessages", "row {row} has {cells} cells, row 1 has {first}"),
    QT_TRANSLATE_NOOP("EngineMessages", "row {row} has the character {cell!r}; use '#' for ink and '.' for background"),
    QT_TRANSLATE_NOOP("EngineMessages", "row {row} has {cell!r}, which is not a number"),
    QT_TRANSLATE_NOOP("EngineMessages", "not a valid drawing: {problem}"),
    QT_TRANSLATE_NOOP("EngineMessages", "{name} is not UTF-8 text, so it cannot be a drawing"),
    QT_TRANSLATE_NOOP("EngineMessages", "{name} is not a valid drawing: {problem}"),
    QT_TRANSLATE_NOOP("EngineMessages", "{name} has an entry {entry!r} that no dataset file has"),
    QT_TRANSLATE_NOOP("EngineMessages", "{name} has {entry} of shape {shape}, which is not a dataset's"),
    QT_TRANSLATE_NOOP("EngineMessages", "{name} holds {count:,} {entry}, at most {most:,} are allowed"),
    QT_TRANSLATE_NOOP("EngineMessages", "{name} has {rows}x{cols} images, at most {most}x{most} are allowed"),
    QT_TRANSLATE_NOOP("EngineMessages", "{name} holds {pixels:,} pixels of {dtype}, more than a data set may hold ({most:,} of float32)"),
    QT_TRANSLATE_NOOP("EngineMessages", "{name} has labels of {dtype}, not whole numbers"),
    QT_TRANSLATE_NOOP("EngineMessages", "{name} has no {entry!r} entry, so it is not a dataset file"),
    QT_TRANSLATE_NOOP("EngineMessages", "cannot read drawing {name}: {reason}"),
    # lab
    QT_TRANSLATE_NOOP("EngineMessages", "this lab has no training history to go back in"),
    # lab_file
    QT_TRANSLATE_NOOP("EngineMessages", "{name}: {problem}"),
    QT_TRANSLATE_NOOP("EngineMessages", "this is not an XO ConvNet lab file (format {format!r} expected)"),
    QT_TRANSLATE_NOOP("EngineMessages", "the lab file version {version!r} is not a version number"),
    QT_TRANSLATE_NOOP("EngineMessages", "this lab file is format version {version}, written by a newer XO ConvNet Lab; this program reads version {known} and older"),
    QT_TRANSLATE_NOOP("EngineMessages", "not a valid lab: {problem}"),
    QT_TRANSLATE_NOOP("EngineMessages", "the entry {entry!r} is not part of a lab file"),
    QT_TRANSLATE_NOOP("EngineMessages", "the entry {entry!r} is not a JSON object"),
    QT_TRANSLATE_NOOP("EngineMessages", "{name} is a damaged lab file ({error}: {detail})"),
    # layers
    QT_TRANSLATE_NOOP("EngineMessages", "a convolution needs at least one feature (got {n})"),
    QT_TRANSLATE_NOOP("EngineMessages", "feature size must be at least 1 (got {n})"),
    QT_TRANSLATE_NOOP("EngineMessages", "a {k}x{k} feature is larger than its {h}x{w} input"),
    QT_TRANSLATE_NOOP("EngineMessages", "pooling window must be at least 1 (got {n})"),
    QT_TRANSLATE_NOOP("EngineMessages", "pooling stride must be at least 1 (got {n})"),
    QT_TRANSLATE_NOOP("EngineMessages", "a {k}x{k} pooling window is larger than its {h}x{w} input"),
    QT_TRANSLATE_NOOP("EngineMessages", "a layer with {count:,} weights is too large (at most {most:,})"),
    # limits
    QT_TRANSLATE_NOOP("EngineMessages", "{count:,} images are more than a data set may hold ({most:,})"),
    QT_TRANSLATE_NOOP("EngineMessages", "{count:,} images of {rows}x{cols} are {pixels:,} pixels, more than a data set may hold ({limit:,}): at this size use at most {most:,} images"),
    QT_TRANSLATE_NOOP("EngineMessages", "the classes must be a list of 2 to {most} names"),
    QT_TRANSLATE_NOOP("EngineMessages", "it has {n} classes; a data set has 2 to {most}"),
    QT_TRANSLATE_NOOP("EngineMessages", "each class name must be text of 1 to {most} characters"),
    QT_TRANSLATE_NOOP("EngineMessages", "the network has {n:,} layers (at most {most})"),
    QT_TRANSLATE_NOOP("EngineMessages", "the network has {n:,} weights (at most {most:,})"),
    QT_TRANSLATE_NOOP("EngineMessages", "one image needs {mb:,.0f} MB on its way through this network (at most {most:.0f} MB)"),
    QT_TRANSLATE_NOOP("EngineMessages", "the network has {n:,} maps to draw (at most {most:,}): use fewer features"),
    QT_TRANSLATE_NOOP("EngineMessages", "this network needs about {mb:.1f} MB per image, so a batch of {batch} would need {gb:.1f} GB (at most {limit:.0f} GB): use fewer or smaller features or a smaller batch (at most {most})"),
    QT_TRANSLATE_NOOP("EngineMessages", "one batch of {batch} would take about {billions:,.1f} billion operations (at most {limit:.0f} billion): use a batch of at most {most} or a smaller network"),
    # model_files
    QT_TRANSLATE_NOOP("EngineMessages", "{name} takes images of {n} channels; drawings and data sets here have one"),
    QT_TRANSLATE_NOOP("EngineMessages", "{name} has no 'config' entry: not an XO ConvNet model"),
    QT_TRANSLATE_NOOP("EngineMessages", "{name}: 'config' is not a text entry"),
    QT_TRANSLATE_NOOP("EngineMessages", "the 'config' of {name}"),
    QT_TRANSLATE_NOOP("EngineMessages", "{name} is not an XO ConvNet model (format {format!r} expected)"),
    QT_TRANSLATE_NOOP("EngineMessages", "{name} is model format version {version}; this program reads version {known}"),
    QT_TRANSLATE_NOOP("EngineMessages", "{name} describes an impossible network: {problem}"),
    QT_TRANSLATE_NOOP("EngineMessages", "{name} has an entry {key!r} that the network does not use"),
    QT_TRANSLATE_NOOP("EngineMessages", "{name} is missing the weights {key}"),
    QT_TRANSLATE_NOOP("EngineMessages", "{name}: {key} holds {dtype}, not numbers"),
    QT_TRANSLATE_NOOP("EngineMessages", "{name}: {key} is shaped {shape}, the network needs {needed}"),
    QT_TRANSLATE_NOOP("EngineMessages", "{name}: {key} contains NaN or infinite values (or numbers too large for float32)"),
    QT_TRANSLATE_NOOP("EngineMessages", "{name}: 'config' is not a text entry of at most {most:,} characters"),
    QT_TRANSLATE_NOOP("EngineMessages", "{name}: {key} claims {n:,} weights, more than any layer here may have ({most:,})"),
    # network
    QT_TRANSLATE_NOOP("EngineMessages", "{blocks} blocks need one feature count and one feature size per block, or a single value for all ({given})"),
    QT_TRANSLATE_NOOP("EngineMessages", "{name} must be whole numbers separated by commas, got {text!r}"),
    QT_TRANSLATE_NOOP("EngineMessages", "at least one block is needed ({given})"),
    QT_TRANSLATE_NOOP("EngineMessages", "each block needs at least one feature (got {n})"),
    QT_TRANSLATE_NOOP("EngineMessages", "hidden layers need at least one neuron (got {n})"),
    QT_TRANSLATE_NOOP("EngineMessages", "block {n}: {problem}"),
    QT_TRANSLATE_NOOP("EngineMessages", "a network needs at least one layer"),
    QT_TRANSLATE_NOOP("EngineMessages", "the network description is not a JSON object"),
    QT_TRANSLATE_NOOP("EngineMessages", "the network description has no list of layers"),
    QT_TRANSLATE_NOOP("EngineMessages", "a fully connected layer needs a flatten layer before it"),
    # run_history
    QT_TRANSLATE_NOOP("EngineMessages", "the history has no snapshots"),
    QT_TRANSLATE_NOOP("EngineMessages", "a snapshot's weights do not fit the network of this history (another architecture needs a new history)"),
    # safe_files
    QT_TRANSLATE_NOOP("EngineMessages", "not a regular file"),
    QT_TRANSLATE_NOOP("EngineMessages", "a folder"),
    QT_TRANSLATE_NOOP("EngineMessages", "a pipe (FIFO)"),
    QT_TRANSLATE_NOOP("EngineMessages", "a device"),
    QT_TRANSLATE_NOOP("EngineMessages", "a socket"),
    QT_TRANSLATE_NOOP("EngineMessages", "no {what} file given (the name is empty)"),
    QT_TRANSLATE_NOOP("EngineMessages", "{name} is {kind}, not a {what} file"),
    QT_TRANSLATE_NOOP("EngineMessages", "{name} is {size}, too large for a {what} file (at most {most})"),
    QT_TRANSLATE_NOOP("EngineMessages", "{name} changed while being opened; it is not read"),
    QT_TRANSLATE_NOOP("EngineMessages", "cannot save: no file name given"),
    QT_TRANSLATE_NOOP("EngineMessages", "cannot save {name}: it is {kind}"),
    QT_TRANSLATE_NOOP("EngineMessages", "cannot save {name}: the folder {folder} does not exist"),
    QT_TRANSLATE_NOOP("EngineMessages", "cannot save {name}: the file name is too long"),
    QT_TRANSLATE_NOOP("EngineMessages", "cannot save {name}: {reason}"),
    QT_TRANSLATE_NOOP("EngineMessages", "cannot save {name}: it is the {flag} file itself, which would be lost; save to another name"),
    QT_TRANSLATE_NOOP("EngineMessages", "{name} is a single array, not a {what} file (.npz)"),
    QT_TRANSLATE_NOOP("EngineMessages", "{name} is not a {what} file (.npz), or it is damaged"),
    QT_TRANSLATE_NOOP("EngineMessages", "{name} is not a {what} file (.npz), or it is damaged or truncated"),
    QT_TRANSLATE_NOOP("EngineMessages", "{name} needs more memory than there is to read it"),
    QT_TRANSLATE_NOOP("EngineMessages", "{name} is a damaged {what} file ({error}: {detail})"),
    QT_TRANSLATE_NOOP("EngineMessages", "the name is not valid"),
    QT_TRANSLATE_NOOP("EngineMessages", "{name} unpacks to more than {most}, too large for a {what} file"),
    QT_TRANSLATE_NOOP("EngineMessages", "{name} has an entry {entry!r} that no {what} file has"),
    QT_TRANSLATE_NOOP("EngineMessages", "{name} has the entry {entry!r} twice"),
    QT_TRANSLATE_NOOP("EngineMessages", "{name} contains pickled Python objects, which are never loaded"),
    # safe_json
    QT_TRANSLATE_NOOP("EngineMessages", "{what} is not text"),
    QT_TRANSLATE_NOOP("EngineMessages", "{what} is {n:,} characters long (at most {most:,})"),
    QT_TRANSLATE_NOOP("EngineMessages", "{what} is nested too deeply (at most {most} levels)"),
    QT_TRANSLATE_NOOP("EngineMessages", "{what} is not valid: {problem}"),
    QT_TRANSLATE_NOOP("EngineMessages", "{what} is not valid JSON ({reason} at character {pos})"),
    QT_TRANSLATE_NOOP("EngineMessages", "{what} is not valid JSON ({reason})"),
    # sound
    QT_TRANSLATE_NOOP("EngineMessages", "a sound's samples must all be finite numbers"),
    # text
    QT_TRANSLATE_NOOP("EngineMessages", "could not make strings that hold only their own motif; choose longer or more different text classes"),
    # train
    QT_TRANSLATE_NOOP("EngineMessages", "there is nothing to train on (the training set is empty)"),
    QT_TRANSLATE_NOOP("EngineMessages", "images and labels differ in number"),
    QT_TRANSLATE_NOOP("EngineMessages", "a label is outside the network's classes"),
    QT_TRANSLATE_NOOP("EngineMessages", "every layer with weights is frozen, so nothing would learn"),
    # train_records
    QT_TRANSLATE_NOOP("EngineMessages", "target accuracy must be in (0, 1]"),
    QT_TRANSLATE_NOOP("EngineMessages", "target loss must be 0 or more"),
    # picture
    QT_TRANSLATE_NOOP("EngineMessages", "{name} is not a picture Qt can read"),
    QT_TRANSLATE_NOOP("EngineMessages", "{name} is cut short: the end of the picture is missing"),
    QT_TRANSLATE_NOOP("EngineMessages", "{name} is {w}×{h} pixels; pictures of up to {most:,} pixels can be imported"),
)

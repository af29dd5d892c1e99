"""The import contracts (pyproject.toml [tool.importlinter], checked by `make lint`) cover every app and every
view module, and the pure modules docs/architecture.md names: a new app that is not added fails here."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "safeguarding_reviews"


def _contracts() -> dict[str, dict]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    return {contract["id"]: contract for contract in config["contracts"]}


def _apps() -> set[str]:
    return {path.parent.name for path in PACKAGE.glob("*/__init__.py")}


def test_every_app_is_in_one_layer():
    layered = [name.strip() for layer in _contracts()["layers"]["layers"] for name in layer.split(":")]
    assert len(layered) == len(set(layered))
    assert set(layered) == _apps()


def test_every_view_module_is_under_the_views_contract():
    sources = _contracts()["views"]["source_modules"]
    view_modules = {
        ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for path in PACKAGE.glob("*/*views.py")
        if path.name == "views.py" or path.name.endswith("_views.py")
    }
    covered = {module for module in view_modules if module.endswith(".views") or module in sources}
    assert view_modules == covered


def test_every_app_with_models_may_import_its_own_in_its_views():
    ignored = set(_contracts()["views"]["ignore_imports"])
    for models in PACKAGE.glob("*/models.py"):
        app = models.parent.name
        assert f"safeguarding_reviews.{app}.** -> safeguarding_reviews.{app}.models" in ignored


def test_the_pure_modules_the_architecture_names_are_in_the_pure_contract():
    table = (ROOT / "docs" / "architecture.md").read_text()
    row = next(line for line in table.splitlines() if line.startswith("| pure rule modules"))
    paths = re.findall(r"`([\w/]+\.py)`", row)
    named = {"safeguarding_reviews." + path.removesuffix(".py").replace("/", ".") for path in paths}
    assert named
    assert named == set(_contracts()["pure"]["source_modules"])


def test_local_reviews_sits_below_panel_and_above_signoffs_and_reports():
    """Panel's route into the LCSPR stage opens the review; the review hands its terms of reference to
    signoffs and reports (issue 13)."""
    layers = [layer.strip() for layer in _contracts()["layers"]["layers"]]
    assert layers.index("panel") < layers.index("local_reviews") < layers.index("signoffs")
    assert layers.index("local_reviews") < layers.index("reports")
    assert layers.index("dashboards") < layers.index("local_reviews")
    assert layers.index("parallel_processes") > layers.index("local_reviews")

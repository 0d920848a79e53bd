"""Docs cannot drift: the CLI and settings references are generated and compared."""

from pathlib import Path

from journeymap.cli.reference import cli_reference, settings_reference

DOCS = Path(__file__).resolve().parents[1] / "docs"
README = Path(__file__).resolve().parents[1] / "README.md"


def test_cli_reference_is_current():
    assert (DOCS / "cli.md").read_text(encoding="utf-8") == cli_reference(), (
        "run: python -m journeymap.cli.reference docs/"
    )


def test_settings_reference_is_current():
    assert (DOCS / "configuration.md").read_text(encoding="utf-8") == settings_reference(), (
        "run: python -m journeymap.cli.reference docs/"
    )


def test_every_verb_is_in_the_readme():
    from typer.main import get_command

    from journeymap.cli.app import app

    readme = README.read_text(encoding="utf-8")
    for name in get_command(app).commands:
        assert f"journeymap {name}" in readme, f"verb '{name}' is not in README.md"


def test_every_setting_has_a_description():
    text = settings_reference()
    for line in text.splitlines()[6:]:
        assert not line.rstrip().endswith("|  |"), f"undocumented setting: {line}"

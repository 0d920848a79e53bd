"""The public surface of ``journeymap`` is pinned: a change here is a conscious decision."""

import journeymap as jm
from journeymap import errors


def test_exported_names():
    assert sorted(jm.__all__) == ["JourneymapError", "Workspace", "__version__", "init_workspace"]


def test_workspace_methods():
    public = {n for n in dir(jm.Workspace) if not n.startswith("_")}
    assert public == {
        "build", "close", "compare_paths", "engine", "forget", "friction", "funnel", "identities",
        "ingest", "ingest_plan", "paths", "retention", "stages", "time_to_convert",
        "journey", "journeys", "loads", "mapping_for", "maps", "preview_mapping", "rejected",
        "suggest_mapping",
        "summary",
    }


def test_maps_methods():
    from journeymap.maps.service import Maps

    public = {n for n in dir(Maps) if not n.startswith("_")}
    assert public == {
        "check", "compare", "create", "delete", "diff", "due", "export", "generate", "get",
        "history", "import_file", "info", "language", "list", "new", "refresh", "refresh_all",
        "review", "save",
    }


def test_errors_inherit_builtins():
    assert issubclass(errors.MappingError, ValueError)
    assert issubclass(errors.InputNotFoundError, FileNotFoundError)
    assert issubclass(errors.WorkspaceNotFoundError, FileNotFoundError)
    assert issubclass(errors.NotBuiltError, LookupError)
    for name in dir(errors):
        obj = getattr(errors, name)
        ours = isinstance(obj, type) and obj.__module__ == errors.__name__
        if ours and issubclass(obj, Exception):
            assert issubclass(obj, errors.JourneymapError)


def test_error_message_names_file_row_field_and_fix():
    exc = errors.InputFileError("value is not a number", file="crm.csv", row=7, field="amount",
                                hint="fix the value")
    assert str(exc) == "crm.csv, row 7, field 'amount': value is not a number — fix the value"

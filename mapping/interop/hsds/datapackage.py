"""The ``datapackage.json`` of an HSDS package (Frictionless Data Package): which file holds
which resource, and which HSDS version the package follows.

The resource names only *suggest* a table: the package reader checks them against each
file's header (issue 16: a 2.0 package names its list of terms "taxonomy", the name of the
list of vocabularies in 3.x).
"""

from __future__ import annotations

import json
import re
from pathlib import PurePosixPath

from mapping.data.errors import Problem
from mapping.data.headers import header_key
from mapping.data.reading import decode_text


def read_datapackage(data: bytes, problems: list[Problem]) -> tuple[dict[str, str], str]:
    """Resource file name -> resource name (as a header key), and the HSDS version, from a
    datapackage.json; a problem when it is not valid JSON."""
    try:
        spec = json.loads(decode_text(data)[0])
    except json.JSONDecodeError as exc:
        problems.append(
            Problem(
                "datapackage.json",
                None,
                None,
                None,
                f"datapackage.json is not valid JSON ({exc.msg} at line {exc.lineno}); the "
                "tables were recognised by their file names instead. Nothing to fix unless "
                "a table was missed.",
                "warning",
                "bad_datapackage",
            )
        )
        return {}, ""
    paths: dict[str, str] = {}
    if not isinstance(spec, dict):
        return paths, ""
    for res in spec.get("resources", []):
        if not isinstance(res, dict):
            continue
        path, res_name = res.get("path"), str(res.get("name", ""))
        if isinstance(path, str) and res_name:
            paths[PurePosixPath(path).name] = header_key(res_name)
    return paths, _hsds_version(spec)


# Where a datapackage.json may say which HSDS version it follows: an explicit key, else a
# profile or schema URL of Open Referral's, else its "version". That last one is usually the
# version of the *data* (a directory's release "1.0"), not of HSDS, so the package reader takes
# a version only when it is 2.x or 3.x and the tables are of that generation too.
_HSDS_VERSION_KEYS = ("hsds_version", "schema_version", "specification_version")
_VERSION_IN_URL = re.compile(
    r"(?:hsds|openreferral|specification)[^0-9]{0,40}?(\d+\.\d+(?:\.\d+)?)"
)


def _hsds_version(spec: dict[str, object]) -> str:
    """The HSDS version a datapackage.json names, or ''."""
    for key in _HSDS_VERSION_KEYS:
        value = spec.get(key)
        if isinstance(value, str | int | float) and str(value).strip():
            return str(value).strip()
    for key in ("profile", "$schema", "schema"):
        value = spec.get(key)
        if isinstance(value, str):
            m = _VERSION_IN_URL.search(value.lower())
            if m:
                return m.group(1)
    return str(spec.get("version", "")).strip()

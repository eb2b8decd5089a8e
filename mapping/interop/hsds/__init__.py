"""Open Referral HSDS (Human Services Data Specification) in and out.

The import reads a package (``package``: folder, zip, datapackage.json, HSDS 3.x / 2.0 /
1.x or one flat file) and runs its steps in order, each a module: ``base`` (shared state),
``places`` (locations, addresses, phones), ``taxonomy`` (terms and categories), ``build``
(partner and service rows), ``problems`` (reporting against the HSDS files); ``importer``
puts them together. ``export`` writes an HSDS 3.0 package. Import from here:
``from mapping.interop.hsds import import_hsds``.
"""

from __future__ import annotations

from mapping.interop.hsds.export import export_hsds
from mapping.interop.hsds.importer import hsds_terms, hsds_workspace, import_hsds
from mapping.interop.hsds.package import HsdsPackage, looks_like_hsds, read_hsds_package

__all__ = [
    "HsdsPackage",
    "export_hsds",
    "hsds_terms",
    "hsds_workspace",
    "import_hsds",
    "looks_like_hsds",
    "read_hsds_package",
]

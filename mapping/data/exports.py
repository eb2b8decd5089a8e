"""Write the workspace out: CSVs in a zip, safe to open in Excel, and blank templates.

Excel runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, which a
hostile value can abuse ("CSV injection", see the OWASP page of that name). Text cells
that start with one of those (or a tab or carriage return) are written with a leading
apostrophe, which Excel shows as plain text; :mod:`mapping.data.reading` removes it again on
the way back in, so an export loads back unchanged. Numbers stay numbers: a longitude of
-79.9 is written as a number, not escaped.
"""

from __future__ import annotations

import io
import zipfile

import pandas as pd

from mapping.data import schema as s
from mapping.data.workspace import Workspace

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ENCODING = "utf-8-sig"  # the byte-order mark makes Excel read UTF-8 correctly


def excel_safe(value: object) -> object:
    """Prefix text that Excel would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def export_frame(df: pd.DataFrame, spec: s.FileSpec) -> pd.DataFrame:
    """A contract file as text cells, ready to write: Excel-safe, true/false in words,
    and services at their partner's location with blank location columns."""
    out = pd.DataFrame(index=df.index)
    at_partner = (
        df[s.AT_PARTNER_LOCATION].to_numpy(dtype=bool)
        if s.AT_PARTNER_LOCATION in df.columns
        else None
    )
    for col in spec.columns:
        values = df[col.name] if col.name in df.columns else pd.Series("", index=df.index)
        if col.kind == "bool":
            text = values.map(lambda v: "" if pd.isna(v) else ("true" if v else "false"))
        elif col.kind == "float":
            text = values.map(lambda v: "" if pd.isna(v) else f"{v:.6f}".rstrip("0").rstrip("."))
        elif col.kind == "int":
            text = values.map(lambda v: "" if pd.isna(v) else str(int(v)))
        else:
            text = values.fillna("").astype(str).map(excel_safe)
        out[col.name] = text
    if at_partner is not None:
        for c in s.LOCATION_COLUMNS:
            out.loc[at_partner, c] = ""
    return out.astype(str)


def frame_csv(df: pd.DataFrame, spec: s.FileSpec) -> bytes:
    """One contract file as CSV bytes (UTF-8 with BOM, comma-separated)."""
    return export_frame(df, spec).to_csv(index=False, lineterminator="\r\n").encode(ENCODING)


HIDDEN = "(hidden)"


def without_contacts(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with no contact name, email or phone: contact columns dropped and, in a
    problem report (``column`` and ``value`` columns), the values found in a contact column
    blanked, also where the message quotes them."""
    out = df.drop(columns=[c for c in s.CONTACT_COLUMNS if c in df.columns])
    if {"column", "value"} <= set(out.columns):
        mask = out["column"].isin(s.CONTACT_COLUMNS)
        if mask.any():
            out = out.copy()
            if "message" in out.columns:  # messages quote the value they are about
                out.loc[mask, "message"] = [
                    str(m).replace(str(v), HIDDEN) if v else m
                    for m, v in zip(out.loc[mask, "message"], out.loc[mask, "value"], strict=True)
                ]
            out.loc[mask, "value"] = HIDDEN
    return out


def problems_csv(ws: Workspace, *, include_contacts: bool = False) -> bytes:
    """The problem report as CSV; without contact values unless ``include_contacts``."""
    df = ws.problems_frame()
    if not include_contacts:
        df = without_contacts(df)
    df = df.astype(object).map(excel_safe)
    return df.to_csv(index=False, lineterminator="\r\n").encode(ENCODING)


def workspace_zip(ws: Workspace, *, include_contacts: bool = False) -> bytes:
    """The whole workspace as a zip: the three CSVs, the problem report and a README.

    Confidential locations carry no street address or coordinates (they are never
    stored). With ``include_contacts=False`` contact names, emails and phones are blank.
    """
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for spec in (s.PARTNERS_SPEC, s.SERVICES_SPEC, s.RELATIONSHIPS_SPEC):
            df = ws.frame(spec.name)
            if not include_contacts:
                df = df.assign(**{c: "" for c in s.CONTACT_COLUMNS if c in df.columns})
            zf.writestr(spec.name, frame_csv(df, spec))
        zf.writestr("problems.csv", problems_csv(ws, include_contacts=include_contacts))
        zf.writestr(
            "README.txt",
            (
                "Community resource map exported from the partnership dashboard.\r\n"
                "partners.csv, services.csv and relationships.csv follow docs/data-format.md;\r\n"
                "upload this zip on the Data page to load it again. problems.csv lists what was\r\n"
                "found when the data were loaded. Confidential locations have no street address\r\n"
                "or coordinates. Cells starting with an apostrophe were escaped so that Excel\r\n"
                "does not run them as formulas.\r\n"
            ).encode(ENCODING),
        )
    return buf.getvalue()


# The relationship example points at a second partner, so the templates load cleanly.
_SECOND_PARTNER = {
    s.PARTNER_ID: "P02",
    s.NAME: "Steel Valley Job Center (fictional)",
    s.SECTOR: "Workforce development",
    s.ADDRESS: "",
    s.CITY: "Homestead",
    s.ZIP: "15120",
    s.LATITUDE: "",
    s.LONGITUDE: "",
    s.CONTACT_NAME: "",
    s.CONTACT_EMAIL: "",
    s.PHONE: "",
    s.WEBSITE: "",
    s.NOTES: "",
    s.POPULATIONS: "Adults",
    s.EXPERTISE: "Job readiness workshops|Employer outreach",
    s.SUCCESSES: "",
    s.BARRIERS: "",
}
# A legal-aid office funds nothing: the funds example belongs to a funder's row.
_FIRST_PARTNER = {s.FUNDS: ""}


def template_frame(spec: s.FileSpec) -> pd.DataFrame:
    """Example rows of a contract file, from the schema's column examples."""
    first = {c.name: c.example for c in spec.columns}
    if spec.name != s.PARTNERS:
        return pd.DataFrame([first])
    rows = [{**first, **_FIRST_PARTNER}, {**first, **_FIRST_PARTNER, **_SECOND_PARTNER}]
    return pd.DataFrame(rows)


def templates_zip() -> bytes:
    """CSV templates of the three files, each with one example row."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for spec in (s.PARTNERS_SPEC, s.SERVICES_SPEC, s.RELATIONSHIPS_SPEC):
            body = template_frame(spec).to_csv(index=False, lineterminator="\r\n")
            zf.writestr(spec.name, body.encode(ENCODING))
    return buf.getvalue()


def templates_xlsx() -> bytes:
    """An .xlsx workbook: one sheet per file with an example row, and a 'lists' sheet with
    every allowed sector, category and level."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for spec in (s.PARTNERS_SPEC, s.SERVICES_SPEC, s.RELATIONSHIPS_SPEC):
            template_frame(spec).to_excel(
                writer, sheet_name=spec.name.removesuffix(".csv"), index=False
            )
        lists = {
            "sector": list(s.SECTORS.labels),
            "category": list(s.CATEGORIES.labels),
            "category group": [s.CATEGORIES.term(c).group for c in s.CATEGORIES.labels],
            "level": list(s.LEVELS.labels),
            "relationship type": list(s.RELATIONSHIP_TYPES.labels),
            "population": list(s.POPULATIONS_VOCAB.labels),
        }
        width = max(len(v) for v in lists.values())
        pd.DataFrame({k: v + [""] * (width - len(v)) for k, v in lists.items()}).to_excel(
            writer, sheet_name="lists", index=False
        )
    return buf.getvalue()

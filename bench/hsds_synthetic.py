"""Seeded synthetic HSDS packages of any size, in the layouts of the real exports.

The 3.0 layout has the files and columns of the Open Referral 3.0 example
(../shared/realdata/hsds_spec_examples/v3.0_examples_csv, the same columns
:mod:`mapping.interop.hsds.export` writes); the 2.0 layout those of the 2.0-era example
(physical_addresses, services_at_location, services_taxonomy, taxonomy). Places are real ZIP
centres of a few states; the mess of real exports is mixed in at fixed rates: padded ids,
literal backslash-n in descriptions, one-line addresses, latitude 100, dangling ids and rows
with an extra cell.
"""

from __future__ import annotations

import csv
import io

import numpy as np

from mapping.interop.hsds.export import _TABLES
from mapping.places.gazetteer import get_gazetteer

# Open Eligibility and AIRS terms of the kinds 211 exports use (name, code).
TERMS = (
    ("Food Pantry", ""),
    ("Emergency Shelter", ""),
    ("Help Find Housing", ""),
    ("Help Pay for Housing", ""),
    ("Counseling", ""),
    ("Addiction & Recovery", ""),
    ("Job Placement", ""),
    ("Skills & Training", ""),
    ("English as a Second Language (ESL)", ""),
    ("Citizenship & Immigration", ""),
    ("Advocacy & Legal Aid", ""),
    ("Help Hotlines", ""),
    ("Support Groups", ""),
    ("Childcare", ""),
    ("Government Benefits", ""),
    ("Food Pantries", "BD-1800.2000"),
    ("Domestic Violence Shelters", "BH-1800.8500"),
    ("Transitional Housing/Shelter", "BH-8400"),
    ("Substance Use Disorder Treatment Programs", "RX-8450"),
    ("Legal Services", "FT"),
    ("Seasonal Programs", ""),  # maps to nothing: stays unmapped
)
LANGS = ("English", "Spanish", "Arabic", "Vietnamese", "Somali")
STREETS = ("Main St", "Penn Ave", "Liberty Ave", "Grant St", "Oak Ave", "Market St")


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def _cols(name: str) -> list[str]:
    return [f for f, _ in _TABLES[name][1]]


def synthetic_hsds(
    n_services: int,
    *,
    layout: str = "3.0",
    seed: int = 7,
    states: tuple[str, ...] = ("PA", "OH", "NY"),
) -> dict[str, bytes]:
    """File name -> CSV bytes of an HSDS package with ``n_services`` services."""
    rng = np.random.default_rng(seed)
    areas = get_gazetteer().areas(states=states).reset_index(drop=True)
    n_orgs = max(5, n_services // 5)
    n_locs = int(n_orgs * 1.3)
    org_ids = [f"org-{i:06d}" for i in range(n_orgs)]
    loc_ids = [f"loc-{i:06d}" for i in range(n_locs)]
    loc_org = np.concatenate([np.arange(n_orgs), rng.integers(0, n_orgs, n_locs - n_orgs)])
    site = areas.iloc[rng.integers(0, len(areas), n_locs)].reset_index(drop=True)

    orgs = [
        [
            oid,
            f"Community Organization {i}",
            "",
            f"Serves the region since {1950 + i % 70}.",
            f"info{i}@example.org",
            f"https://org{i}.example.org",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ]
        for i, oid in enumerate(org_ids)
    ]
    locations, addresses, phones = [], [], []
    for i, lid in enumerate(loc_ids):
        org = org_ids[loc_org[i]]
        lat = lon = ""
        if rng.random() < 0.25:
            lat, lon = f"{site.at[i, 'latitude']:.5f}", f"{site.at[i, 'longitude']:.5f}"
        if rng.random() < 0.002:
            lat, lon = "100", "101"  # the 3.0 example's impossible coordinates
        if rng.random() < 0.002:
            org = "org-missing"  # a location of an organization that is not in the package
        locations.append([lid, "physical", "", org, f"Site {i}", "", "", "", lat, lon, "", ""])
        street = f"{rng.integers(1, 9999)} {STREETS[i % len(STREETS)]}"
        city, state, zip_code = site.at[i, "city"].title(), site.at[i, "state"], site.at[i, "area"]
        if rng.random() < 0.01:  # the whole address in one cell
            street, city, state, zip_code = f"{street}, {city}, {state} {zip_code}", "", "", ""
        addresses.append(
            [f"adr-{i}", lid, "", street, "", city, "", state, zip_code, "US", "physical"]
        )
    for i, oid in enumerate(org_ids):
        phones.append([f"ph-{i}", "", "", oid, "", "", f"412-555-{i % 10000:04d}", "", "voice", ""])

    services, links, attributes, languages = [], [], [], []
    owner = rng.integers(0, n_orgs, n_services)
    by_org: dict[int, list[int]] = {}
    for li, oi in enumerate(loc_org):
        by_org.setdefault(int(oi), []).append(li)
    for i in range(n_services):
        sid = f"svc-{i:07d}"
        org = org_ids[owner[i]]
        if rng.random() < 0.002:
            org = "org-gone"  # a service pointing at a missing organization
        if rng.random() < 0.01:
            org = f" {org} "  # padded id
        desc = "Walk-in hours on weekdays."
        if rng.random() < 0.005:
            desc = r"Walk-in hours.\nCall first."  # a literal backslash-n
        services.append(
            [
                sid,
                org,
                "",
                f"Service {i}",
                "",
                desc,
                "",
                "",
                "active",
                "",
                "",
                "Free",
                "",
                "",
                "",
                "Adults",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ]
        )
        if rng.random() < 0.001:
            services[-1].append("stray cell")  # a row longer than the header
        sites = by_org.get(int(owner[i]), [0])
        for k, li in enumerate(sites[: 1 + int(rng.random() < 0.1)]):
            links.append([f"sal-{i}-{k}", sid, loc_ids[li], ""])
        for t in rng.choice(len(TERMS), size=1 + int(rng.random() < 0.3), replace=False):
            attributes.append([f"att-{len(attributes)}", sid, f"term-{t}", "", "service", ""])
        if rng.random() < 0.3:
            languages.append([f"lang-{i}", sid, "", "", LANGS[i % len(LANGS)], "", ""])
    terms = [
        [f"term-{i}", code, name, name, "", "AIRS" if code else "Open Eligibility", "", "", ""]
        for i, (name, code) in enumerate(TERMS)
    ]
    if layout == "3.0":
        return {
            "organizations.csv": _csv(_cols("organizations.csv"), orgs),
            "locations.csv": _csv(_cols("locations.csv"), locations),
            "addresses.csv": _csv(_cols("addresses.csv"), addresses),
            "services.csv": _csv(_cols("services.csv"), services),
            "service_at_location.csv": _csv(_cols("service_at_location.csv"), links),
            "phones.csv": _csv(_cols("phones.csv"), phones),
            "languages.csv": _csv(_cols("languages.csv"), languages),
            "taxonomy_terms.csv": _csv(_cols("taxonomy_terms.csv"), terms),
            "attributes.csv": _csv(_cols("attributes.csv"), attributes),
        }
    # The 2.0-era layout: other file names, taxonomy links in services_taxonomy.csv.
    return {
        "organizations.csv": _csv(
            ["id", "name", "alternate_name", "description", "email", "url"],
            [r[:6] for r in orgs],
        ),
        "locations.csv": _csv(
            [
                "id",
                "organization_id",
                "name",
                "alternate_name",
                "description",
                "transportation",
                "latitude",
                "longitude",
            ],
            [[r[0], r[3], r[4], "", "", "", r[8], r[9]] for r in locations],
        ),
        "physical_addresses.csv": _csv(
            [
                "id",
                "location_id",
                "attention",
                "address_1",
                "address_2",
                "address_3",
                "address_4",
                "city",
                "region",
                "state_province",
                "postal_code",
                "country",
            ],
            [[r[0], r[1], "", r[3], "", "", "", r[5], "", r[7], r[8], "US"] for r in addresses],
        ),
        "services.csv": _csv(
            [
                "id",
                "organization_id",
                "program_id",
                "name",
                "alternate_name",
                "description",
                "url",
                "email",
                "status",
                "fees",
            ],
            [[r[0], r[1], "", r[3], "", r[5], "", "", "active", "Free"] for r in services],
        ),
        "services_at_location.csv": _csv(["id", "service_id", "location_id", "description"], links),
        "phones.csv": _csv(
            [
                "id",
                "location_id",
                "service_id",
                "organization_id",
                "contact_id",
                "service_at_location_id",
                "number",
                "extension",
                "type",
                "language",
                "description",
                "department",
            ],
            [[*r[:9], "", "", ""] for r in phones],
        ),
        "services_taxonomy.csv": _csv(
            ["id", "service_id", "taxonomy_id", "taxonomy_detail"],
            [[r[0], r[1], r[2], ""] for r in attributes],
        ),
        "taxonomy.csv": _csv(
            ["id", "name", "parent_id", "parent_name", "vocabulary"],
            [[r[0], f"{r[1]} {r[2]}".strip(), "", "", r[5]] for r in terms],
        ),
    }

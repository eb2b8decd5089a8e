"""The data contract: file names, column names, enums and the taxonomy.

This module is the single source of truth. Every other module, page and test takes
column names and category values from here; ``docs/data-format.md`` documents the same
contract for people, and a unit test checks the two agree.

Canonical values are the human-readable labels ("Legal aid", "Job training"), so an
exported CSV reads naturally in Excel. Input is matched case-, space- and
punctuation-insensitively against the labels and their synonyms (:func:`normalize_key`).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Final, Literal

# --------------------------------------------------------------------------- files

PARTNERS: Final = "partners.csv"
SERVICES: Final = "services.csv"
RELATIONSHIPS: Final = "relationships.csv"
FILES: Final = (PARTNERS, SERVICES, RELATIONSHIPS)

# --------------------------------------------------------------------------- columns

PARTNER_ID: Final = "partner_id"
NAME: Final = "name"
SECTOR: Final = "sector"
ADDRESS: Final = "address"
CITY: Final = "city"
STATE: Final = "state"
ZIP: Final = "zip"
LATITUDE: Final = "latitude"
LONGITUDE: Final = "longitude"
CONFIDENTIAL: Final = "confidential_location"
CONTACT_NAME: Final = "contact_name"
CONTACT_EMAIL: Final = "contact_email"
PHONE: Final = "phone"
WEBSITE: Final = "website"
LANGUAGES: Final = "languages"
POPULATIONS: Final = "populations_served"
# issue 17: what a partner brings and has lived through (the guide's "skills and areas of
# expertise", "successes and barriers each organization has experienced", and funders).
EXPERTISE: Final = "expertise"
FUNDS: Final = "funds"
SUCCESSES: Final = "successes"
BARRIERS: Final = "barriers"
NOTES: Final = "notes"

SERVICE_ID: Final = "service_id"
CATEGORY: Final = "category"
DESCRIPTION: Final = "description"
RADIUS: Final = "service_radius_miles"
ELIGIBILITY: Final = "eligibility"
COST: Final = "cost"
CAPACITY: Final = "capacity"
TRAUMA_INFORMED: Final = "trauma_informed"
# Not a file column: set by the loader for services whose location columns were all
# blank ("at the partner's location"), so exports can write them blank again.
AT_PARTNER_LOCATION: Final = "at_partner_location"

SOURCE_ID: Final = "source_id"
TARGET_ID: Final = "target_id"
LEVEL: Final = "level"
REL_TYPE: Final = "type"
TRUST: Final = "trust"
# The two sides of a tie "see it differently" when their trust ratings (1-4) are this
# many points apart or more, as when they record different levels (the project's own
# convention, docs/domain.md "How relationships are recorded"; issue 17).
TRUST_GAP: Final = 2
SINCE: Final = "since"

LOCATION_COLUMNS: Final = (ADDRESS, CITY, STATE, ZIP, LATITUDE, LONGITUDE, CONFIDENTIAL)
# The parts of a confidential location that are never stored, shown or exported.
STREET_LEVEL_COLUMNS: Final = (ADDRESS, LATITUDE, LONGITUDE)
CONTACT_COLUMNS: Final = (CONTACT_NAME, CONTACT_EMAIL, PHONE)
LIST_SEPARATOR: Final = "|"

Kind = Literal["id", "text", "float", "int", "bool", "list", "zip", "state", "email", "url"]


@dataclass(frozen=True)
class Column:
    """One column of a data file."""

    name: str
    kind: Kind
    required: bool
    description: str
    example: str
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class FileSpec:
    """One data file: its columns, in template order, and its row key."""

    name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    purpose: str

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns if c.required)

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)


def _location_columns(owner: str) -> tuple[Column, ...]:
    blank = " Leave blank to use the partner's location." if owner == "service" else ""
    return (
        Column(
            ADDRESS,
            "text",
            False,
            f"Street address.{blank}",
            "1200 Penn Ave",
            (
                "street",
                "street_address",
                "address_1",
                "address1",
                "addr",
                "number_and_street_address",
                "location_address",
            ),
        ),
        Column(
            CITY,
            "text",
            False,
            "City or town.",
            "Pittsburgh",
            ("town", "municipality", "city_name"),
        ),
        Column(
            STATE,
            "state",
            False,
            "Two-letter state code (full names are accepted).",
            "PA",
            ("st", "state_code", "stabbr", "province", "state_province"),
        ),
        Column(
            ZIP,
            "zip",
            False,
            "5-digit ZIP code; ZIP+4 and lost leading zeros are fixed.",
            "15222",
            ("zip_code", "zipcode", "postcode", "postal_code", "zip5", "postal"),
        ),
        Column(
            LATITUDE,
            "float",
            False,
            "Decimal degrees (WGS84), -90 to 90. Optional: the ZIP or city places it.",
            "40.4433",
            ("lat", "y", "latitude_deg"),
        ),
        Column(
            LONGITUDE,
            "float",
            False,
            "Decimal degrees (WGS84), -180 to 180; negative in the Americas.",
            "-79.9959",
            ("lng", "lon", "long", "longitud", "x", "longitude_deg"),
        ),
        Column(
            CONFIDENTIAL,
            "bool",
            False,
            "true for a shelter or safe house whose address must stay private: its street "
            "address and coordinates are not stored and it is shown only at ZIP or city level.",
            "false",
            ("confidential", "confidential_address", "private_location", "hidden"),
        ),
    )


PARTNERS_SPEC: Final = FileSpec(
    name=PARTNERS,
    purpose="One row per organization in the partnership.",
    key=(PARTNER_ID,),
    columns=(
        Column(
            PARTNER_ID,
            "id",
            True,
            "Short unique id you choose; services and relationships refer to it.",
            "P01",
            (
                "id",
                "org_id",
                "organization_id",
                "organisation_id",
                "agency_id",
                "unitid",
                "partner",
            ),
        ),
        Column(
            NAME,
            "text",
            True,
            "Organization name.",
            "Three Rivers Legal Aid (fictional)",
            (
                "organization_name",
                "organisation_name",
                "organization",
                "org_name",
                "agency_name",
                "agency",
                "partner_name",
                "instnm",
                "center_name",
                "institution_name",
                "provider_name",
                "provider",
            ),
        ),
        Column(
            SECTOR,
            "text",
            True,
            "One sector from the list below.",
            "Legal aid",
            ("sector_name", "org_type", "organization_type", "type_of_organization"),
        ),
        *_location_columns("partner"),
        Column(
            CONTACT_NAME,
            "text",
            False,
            "Main contact person (staff, never a client).",
            "Dana Rivera",
            ("contact", "contact_person", "primary_contact"),
        ),
        Column(
            CONTACT_EMAIL,
            "email",
            False,
            "Contact email.",
            "dana@example.org",
            ("email", "e_mail", "email_address", "contact_e_mail"),
        ),
        Column(
            PHONE,
            "text",
            False,
            "Public phone number.",
            "412-555-0100",
            ("phone_number", "telephone", "tel", "gentele", "main_phone"),
        ),
        Column(
            WEBSITE,
            "url",
            False,
            "Web address; https:// is added when missing.",
            "https://example.org",
            ("url", "web", "web_site", "webaddr", "homepage", "web_address"),
        ),
        Column(
            LANGUAGES,
            "list",
            False,
            "Languages spoken, separated by |.",
            "English|Spanish",
            ("language", "languages_spoken", "language_s"),
        ),
        Column(
            POPULATIONS,
            "list",
            False,
            "Groups served, separated by |.",
            "Adults|Survivors of trafficking",
            ("populations", "population", "population_served", "who_we_serve", "target_population"),
        ),
        Column(
            EXPERTISE,
            "list",
            False,
            "Skills and areas of expertise the organization can share with partners, "
            "separated by |.",
            "Trauma-informed care training|Spanish interpretation",
            ("skills", "areas_of_expertise", "skills_and_expertise", "expertise_areas"),
        ),
        Column(
            FUNDS,
            "list",
            False,
            "For a funder (or any partner that gives grants): the service categories it "
            "funds, separated by |, each from the category list below.",
            "Shelter|Immigration legal aid",
            ("funds_categories", "funding_areas", "funding_priorities", "grant_areas"),
        ),
        Column(
            SUCCESSES,
            "text",
            False,
            "Successes the organization has had in serving survivors or working with "
            "partners (never client information).",
            "Placed 12 survivors in jobs with a partner employer",
            ("success", "successes_experienced", "what_worked"),
        ),
        Column(
            BARRIERS,
            "text",
            False,
            "Barriers the organization has met (funding, staffing, eligibility rules, "
            "referrals that go nowhere).",
            "No interpreter for Arabic; grant pays only for direct services",
            ("barrier", "barriers_experienced", "challenges", "what_got_in_the_way"),
        ),
        Column(
            NOTES,
            "text",
            False,
            "Anything else about the organization (never client information).",
            "Weekly drop-in hours",
            ("note", "comments", "comment", "remarks"),
        ),
    ),
)

SERVICES_SPEC: Final = FileSpec(
    name=SERVICES,
    purpose="One row per service a partner offers.",
    key=(SERVICE_ID,),
    columns=(
        Column(
            SERVICE_ID,
            "id",
            True,
            "Short unique id you choose.",
            "S001",
            ("id", "service", "program_id"),
        ),
        Column(
            PARTNER_ID,
            "id",
            True,
            "The partner_id of the organization offering it.",
            "P01",
            ("organization_id", "organisation_id", "org_id", "agency_id", "provider_id", "partner"),
        ),
        Column(
            CATEGORY,
            "text",
            True,
            "One service category from the list below.",
            "Immigration legal aid",
            ("service_category", "service_type", "category_name", "taxonomy"),
        ),
        Column(
            NAME,
            "text",
            False,
            "Name of the service.",
            "Walk-in immigration clinic",
            ("service_name", "program", "program_name", "title"),
        ),
        Column(
            DESCRIPTION,
            "text",
            False,
            "What the service does.",
            "T and U visa applications",
            ("details", "summary", "about"),
        ),
        *_location_columns("service"),
        Column(
            RADIUS,
            "float",
            False,
            "How far (miles) the service reaches, if it is not only on site.",
            "25",
            ("radius", "radius_miles", "service_radius", "coverage_miles", "service_area_miles"),
        ),
        Column(
            LANGUAGES,
            "list",
            False,
            "Languages the service is offered in, separated by |.",
            "English|Spanish",
            ("language", "languages_spoken"),
        ),
        Column(
            POPULATIONS,
            "list",
            False,
            "Groups served, separated by |.",
            "Immigrants",
            (
                "populations",
                "population",
                "population_served",
                "who_we_serve",
                "age_group",
                "grade_level_age_group",
            ),
        ),
        Column(
            ELIGIBILITY,
            "text",
            False,
            "Who can use it.",
            "Survivors 18 and over",
            ("eligibility_requirements", "who_is_eligible"),
        ),
        Column(COST, "text", False, "Cost to the person served.", "Free", ("fees", "fee", "price")),
        Column(
            CAPACITY,
            "text",
            False,
            "How many people it can serve (number or words).",
            "12 beds",
            ("slots", "beds", "capacity_notes"),
        ),
        Column(
            TRAUMA_INFORMED,
            "bool",
            False,
            "true when staff delivering it are trained in trauma-informed care.",
            "true",
            ("trauma_informed_care", "tic"),
        ),
    ),
)

RELATIONSHIPS_SPEC: Final = FileSpec(
    name=RELATIONSHIPS,
    purpose="One row per working relationship, as one partner describes it.",
    key=(SOURCE_ID, TARGET_ID),
    columns=(
        Column(
            SOURCE_ID,
            "id",
            True,
            "partner_id of the partner describing the relationship.",
            "P01",
            ("source", "from", "from_id", "partner_a", "tail_id", "org_a"),
        ),
        Column(
            TARGET_ID,
            "id",
            True,
            "partner_id of the partner it works with.",
            "P02",
            ("target", "to", "to_id", "partner_b", "head_id", "org_b"),
        ),
        Column(
            LEVEL,
            "text",
            True,
            "cooperation, coordination or collaboration (see below).",
            "coordination",
            ("relationship_level", "level_of_collaboration", "depth"),
        ),
        Column(
            REL_TYPE,
            "list",
            False,
            "What they do together, separated by |.",
            "Referral|Joint outreach",
            ("relationship_type", "types", "kind", "activity"),
        ),
        Column(
            TRUST,
            "int",
            False,
            "How much the source trusts the target, 1 (low) to 4 (high).",
            "3",
            ("trust_level", "trust_score"),
        ),
        Column(
            SINCE,
            "text",
            False,
            "Year (or date) the relationship began.",
            "2021",
            ("start", "start_year", "started", "year"),
        ),
        Column(
            NOTES,
            "text",
            False,
            "Anything else about it.",
            "Monthly case conferences",
            ("note", "comments", "comment"),
        ),
    ),
)

SPECS: Final = {s.name: s for s in (PARTNERS_SPEC, SERVICES_SPEC, RELATIONSHIPS_SPEC)}

# --------------------------------------------------------------------------- client data
# Resource maps describe organizations, never clients (docs/domain.md#no-client-data).
# A column whose header matches one of these is refused, and its values are not stored.
CLIENT_DATA_PATTERNS: Final = (
    re.compile(
        r"^(client|patient|victim|survivor|participant|resident|customer)s?_?"
        r"(name|first|last|full|id|number|no|dob|birth|age|address|phone|email)"
    ),
    re.compile(r"(^|_)(first|last|full|given|family)_?name_?(of_)?(client|victim|survivor)"),
    re.compile(r"(^|_)(dob|d_o_b|birth_?date|date_of_birth|birthday|birth_day)($|_)"),
    re.compile(r"(^|_)(ssn|ss_number|social_security|social_security_number|soc_sec)($|_)"),
    re.compile(r"(^|_)case_?(number|no|num|id|file)($|_)"),
    re.compile(r"(^|_)(mrn|medical_record|a_number|alien_number|uscis_number)($|_)"),
)
SSN_VALUE: Final = re.compile(r"(?<!\d)\d{3}-\d{2}-\d{4}(?!\d)")

# --------------------------------------------------------------------------- taxonomy


def normalize_key(value: str) -> str:
    """Lower-case, and collapse everything but letters, digits and '+' to single spaces."""
    return re.sub(r"[^a-z0-9+]+", " ", value.strip().lower()).strip()


@dataclass(frozen=True)
class Term:
    """One value of a controlled vocabulary."""

    label: str
    description: str = ""
    synonyms: tuple[str, ...] = ()
    group: str = ""
    radius_miles: float = 0.0


@dataclass(frozen=True)
class Vocabulary:
    """A controlled list of labels with synonyms, matched forgivingly."""

    name: str
    terms: tuple[Term, ...]
    _index: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for t in self.terms:
            for alias in (t.label, *t.synonyms):
                self._index.setdefault(normalize_key(alias), t.label)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(t.label for t in self.terms)

    def term(self, label: str) -> Term:
        for t in self.terms:
            if t.label == label:
                return t
        raise KeyError(label)

    def match(self, value: str) -> str | None:
        """The canonical label for ``value`` (a label or synonym in any case), or None."""
        return self._index.get(normalize_key(value))

    def suggest(self, value: str) -> str | None:
        """The nearest known label, for "did you mean" messages; None when nothing is close."""
        key = normalize_key(value)
        if not key:
            return None
        near = difflib.get_close_matches(key, list(self._index), n=1, cutoff=0.6)
        if near:
            return self._index[near[0]]
        # Words in common ("legal services clinic" -> "Legal aid").
        words = set(key.split())
        best = max(
            self._index.items(),
            key=lambda kv: len(words & set(kv[0].split())),
        )
        return best[1] if words & set(best[0].split()) else None


SECTORS: Final = Vocabulary(
    "sector",
    (
        Term(
            "Victim services",
            "Anti-trafficking, domestic and sexual violence programs.",
            (
                "anti trafficking",
                "anti-trafficking",
                "human trafficking",
                "domestic violence",
                "dv",
                "sexual assault",
                "victim advocacy",
                "survivor services",
                "victim service",
                "dv shelter",
                "rape crisis",
                "victim services agency",
            ),
        ),
        Term(
            "Workforce development",
            "Job centers, staffing agencies, employers, training providers.",
            (
                "workforce",
                "job center",
                "american job center",
                "career center",
                "staffing agency",
                "staffing",
                "employer",
                "employment",
                "business",
                "job training",
                "workforce board",
            ),
        ),
        Term(
            "Education",
            "Community colleges, adult education, GED and ESL programs, schools.",
            (
                "community college",
                "college",
                "university",
                "school",
                "adult education",
                "adult basic education",
                "literacy",
                "esl",
                "ged",
                "school district",
            ),
        ),
        Term(
            "Housing",
            "Housing authorities, homeless services, transitional housing.",
            (
                "housing authority",
                "homeless services",
                "homelessness",
                "shelter provider",
                "transitional housing",
                "housing services",
            ),
        ),
        Term(
            "Legal aid",
            "Civil legal aid, immigration legal services, law school clinics.",
            (
                "legal",
                "legal services",
                "legal service",
                "law clinic",
                "immigration legal services",
                "attorney",
                "lawyers",
                "pro bono",
            ),
        ),
        Term(
            "Health",
            "Clinics, hospitals, health centers, public health.",
            (
                "healthcare",
                "health care",
                "medical",
                "clinic",
                "hospital",
                "fqhc",
                "public health",
                "health center",
                "community health center",
            ),
        ),
        Term(
            "Mental health",
            "Counseling, behavioral health and substance-use treatment.",
            (
                "behavioral health",
                "behavioural health",
                "counseling",
                "counselling",
                "substance use",
                "addiction",
                "recovery",
                "mental and behavioral health",
            ),
        ),
        Term(
            "Government",
            "City, county and state agencies, human and social services.",
            (
                "local government",
                "county",
                "city",
                "state agency",
                "social services",
                "human services",
                "public agency",
                "government agency",
            ),
        ),
        Term(
            "Law enforcement",
            "Police, prosecutors, courts, probation, victim-witness units.",
            (
                "police",
                "sheriff",
                "prosecutor",
                "district attorney",
                "justice",
                "courts",
                "court",
                "probation",
                "criminal justice",
                "law enforcement agency",
            ),
        ),
        Term(
            "Community and faith",
            "Faith communities, community-based and mutual-aid groups, food banks.",
            (
                "faith based",
                "faith",
                "church",
                "mosque",
                "synagogue",
                "community based organization",
                "cbo",
                "community organization",
                "mutual aid",
                "food bank",
                "basic needs",
                "community",
            ),
        ),
        Term(
            "Funder",
            "Foundations, United Ways, government grant makers and other funders; list "
            "what each funds in the funds column.",
            (
                "funders",
                "foundation",
                "community foundation",
                "private foundation",
                "philanthropy",
                "philanthropic",
                "grantmaker",
                "grant maker",
                "grantmaking",
                "united way",
            ),
        ),
        Term("Other", "Anything that fits none of the above.", ("misc", "miscellaneous")),
    ),
)

# Open Eligibility top-level categories, in its order (https://openeligibility.org/).
CATEGORY_GROUPS: Final = (
    "Emergency",
    "Food",
    "Housing",
    "Goods",
    "Transit",
    "Health",
    "Money",
    "Care",
    "Education",
    "Work",
    "Legal",
)


def _cat(label: str, group: str, radius: float, description: str, *synonyms: str) -> Term:
    return Term(label, description, tuple(synonyms), group, radius)


# radius_miles: how near a provider must be for an area to count as served (issue 4's
# gap analysis; editable in the app). A crisis line reaches a whole state; a shelter,
# an ESL class or childcare must be close enough to reach without a car.
CATEGORIES: Final = Vocabulary(
    "category",
    (
        _cat(
            "Emergency", "Emergency", 25, "Emergency help not listed below.", "emergency services"
        ),
        _cat(
            "Crisis line",
            "Emergency",
            300,
            "24-hour hotline or text line.",
            "hotline",
            "crisis hotline",
            "helpline",
            "24 hour hotline",
            "crisis text line",
        ),
        _cat(
            "Safety planning",
            "Emergency",
            25,
            "Planning for safety with a survivor.",
            "safety plan",
            "immediate safety",
        ),
        _cat(
            "Shelter",
            "Emergency",
            25,
            "Emergency or safe-house shelter.",
            "emergency shelter",
            "safe house",
            "dv shelter",
            "domestic violence shelter",
        ),
        _cat("Food", "Food", 10, "Food help not listed below.", "emergency food", "meals"),
        _cat("Food pantry", "Food", 10, "Groceries to take home.", "pantry", "food bank"),
        _cat(
            "Housing",
            "Housing",
            25,
            "Housing help not listed below.",
            "housing help",
            "housing search",
            "housing advice",
            "help find housing",
        ),
        _cat(
            "Transitional housing",
            "Housing",
            25,
            "Time-limited housing with support.",
            "transitional",
            "short term housing",
            "bridge housing",
        ),
        _cat(
            "Permanent housing",
            "Housing",
            25,
            "Long-term or supportive housing.",
            "long term housing",
            "permanent supportive housing",
            "psh",
            "rapid rehousing",
            "rapid re housing",
        ),
        _cat(
            "Rental assistance",
            "Housing",
            25,
            "Help paying rent or deposits.",
            "rent assistance",
            "help pay for housing",
            "rent help",
        ),
        _cat("Goods", "Goods", 15, "Material goods not listed below.", "material goods"),
        _cat(
            "Clothing",
            "Goods",
            15,
            "Clothing, work clothes, hygiene and baby supplies.",
            "clothes",
            "work clothing",
            "hygiene supplies",
            "baby supplies",
        ),
        _cat(
            "Transportation",
            "Transit",
            15,
            "Rides, bus passes, help getting to services.",
            "transit",
            "bus passes",
            "rides",
            "transport",
        ),
        _cat("Health", "Health", 15, "Health care not listed below.", "health care", "healthcare"),
        _cat(
            "Medical care",
            "Health",
            15,
            "Primary and urgent medical care.",
            "medical",
            "primary care",
            "clinic",
            "urgent care",
        ),
        _cat(
            "Mental health",
            "Health",
            15,
            "Counseling and therapy, including trauma therapy.",
            "counseling",
            "counselling",
            "therapy",
            "behavioral health",
            "trauma therapy",
        ),
        _cat(
            "Substance use",
            "Health",
            20,
            "Substance-use treatment and recovery support.",
            "substance use treatment",
            "addiction",
            "recovery",
            "drug treatment",
            "sud",
        ),
        _cat("Dental care", "Health", 20, "Dental treatment.", "dental", "dentist"),
        _cat(
            "Forensic exam",
            "Health",
            30,
            "Sexual assault forensic examination (SANE).",
            "sane",
            "sexual assault exam",
            "forensic nurse",
            "sane exam",
        ),
        _cat(
            "Money",
            "Money",
            20,
            "Financial help not listed below.",
            "financial assistance",
            "emergency cash",
            "cash assistance",
        ),
        _cat(
            "Financial education",
            "Money",
            20,
            "Budgeting, credit repair, banking.",
            "financial literacy",
            "financial coaching",
            "credit repair",
            "financial counseling",
        ),
        _cat(
            "Public benefits",
            "Money",
            20,
            "Help applying for SNAP, Medicaid, TANF and the like.",
            "benefits",
            "benefits enrollment",
            "snap",
            "tanf",
            "medicaid enrollment",
        ),
        _cat("Care", "Care", 15, "Support not listed below.", "support"),
        _cat(
            "Case management",
            "Care",
            15,
            "A case manager who coordinates services.",
            "case manager",
            "care coordination",
            "service coordination",
            "navigation",
        ),
        _cat(
            "Childcare",
            "Care",
            10,
            "Child care while a parent works, trains or attends appointments.",
            "child care",
            "daycare",
            "day care",
            "early childhood",
        ),
        _cat(
            "Peer support",
            "Care",
            20,
            "Support groups and survivor mentors.",
            "support group",
            "support groups",
            "peer mentoring",
            "survivor mentor",
            "mentoring",
        ),
        _cat(
            "Victim advocacy",
            "Care",
            20,
            "An advocate who accompanies a survivor (court, hospital, police).",
            "advocacy",
            "court accompaniment",
            "medical accompaniment",
            "victim advocate",
            "survivor advocacy",
        ),
        _cat(
            "Education",
            "Education",
            15,
            "Education not listed below.",
            "adult education",
            "adult basic education",
            "literacy",
        ),
        _cat(
            "ESL",
            "Education",
            10,
            "English as a second language classes.",
            "english as a second language",
            "english classes",
            "english language learning",
            "ell",
            "esol",
        ),
        _cat(
            "GED",
            "Education",
            10,
            "High-school equivalency preparation.",
            "hiset",
            "high school equivalency",
            "hse",
            "ged prep",
        ),
        _cat(
            "College",
            "Education",
            25,
            "College courses, certificates and degrees.",
            "higher education",
            "college courses",
            "certificate programs",
        ),
        _cat(
            "Work",
            "Work",
            15,
            "Employment help not listed below.",
            "employment",
            "employment services",
        ),
        _cat(
            "Job training",
            "Work",
            15,
            "Skills training for a job or trade.",
            "vocational training",
            "workforce training",
            "skills training",
            "apprenticeship",
            "job skills",
        ),
        _cat(
            "Job placement",
            "Work",
            15,
            "Help finding and keeping a job.",
            "job search",
            "job readiness",
            "staffing",
            "employment placement",
            "supported employment",
        ),
        _cat(
            "Career counseling",
            "Work",
            15,
            "Career planning and coaching.",
            "career coaching",
            "career planning",
            "career services",
        ),
        _cat(
            "Legal",
            "Legal",
            25,
            "Legal help not listed below.",
            "legal aid",
            "civil legal aid",
            "legal services",
            "legal advice",
        ),
        _cat(
            "Immigration legal aid",
            "Legal",
            40,
            "T and U visas, asylum, work permits.",
            "immigration",
            "immigration legal services",
            "t visa",
            "u visa",
            "immigration legal",
        ),
        _cat(
            "Criminal record relief",
            "Legal",
            40,
            "Vacatur, expungement and record sealing.",
            "expungement",
            "vacatur",
            "record sealing",
            "record clearing",
            "criminal record",
        ),
        _cat(
            "Protection orders",
            "Legal",
            25,
            "Help getting a protection or restraining order.",
            "protection order",
            "restraining order",
            "pfa",
            "protection from abuse",
        ),
        _cat(
            "Family law",
            "Legal",
            25,
            "Custody, divorce, child support.",
            "custody",
            "divorce",
            "child support",
        ),
    ),
)

# A service whose category is not known yet: an imported service none of whose taxonomy
# terms maps to a category (issue 16). It is never kept out for that alone: it loads, is
# shown (grey on the map) and listed, and is categorised later, in bulk per term, on the
# Data page. It is not one of CATEGORIES, so it never counts as a provider of a category
# (coverage gaps, departures) and is never offered as a choice.
UNCATEGORISED: Final = "Not yet categorised"
_UNCATEGORISED_KEYS: Final = frozenset(
    normalize_key(x)
    for x in (UNCATEGORISED, "not yet categorized", "uncategorised", "uncategorized")
)


def is_uncategorised(value: str) -> bool:
    """True for "Not yet categorised" in any spelling or case."""
    return normalize_key(value) in _UNCATEGORISED_KEYS


LEVELS: Final = Vocabulary(
    "level",
    (
        Term(
            "cooperation",
            "Share resources (staff, volunteers, space, funds, referrals) to be "
            "more effective; e.g. two agencies referring clients to each other.",
            ("cooperating", "cooperate", "co operation", "cooperative"),
        ),
        Term(
            "coordination",
            "Actively exchange information and resources to support "
            "survivors; e.g. a joint outreach or awareness campaign.",
            ("coordinating", "coordinate", "co ordination", "coordinated"),
        ),
        Term(
            "collaboration",
            "Together create something new (a product, program or service) "
            "that spans fields, under written agreements and shared decisions.",
            ("collaborating", "collaborate", "collaborative"),
        ),
    ),
)
LEVEL_ORDER: Final = {label: i for i, label in enumerate(LEVELS.labels, start=1)}

RELATIONSHIP_TYPES: Final = Vocabulary(
    "relationship type",
    (
        Term("Referral", synonyms=("referrals", "client referral", "referral partner")),
        Term("Shared resources", synonyms=("resource sharing", "shared space", "shared staff")),
        Term(
            "Information exchange",
            synonyms=("information sharing", "info sharing", "info exchange"),
        ),
        Term("Joint outreach", synonyms=("outreach", "awareness campaign", "joint campaign")),
        Term("MOU", synonyms=("memorandum of understanding", "written agreement", "moa")),
        Term("Joint program", synonyms=("joint initiative", "shared program", "co program")),
        Term("Cross-training", synonyms=("cross training", "training", "joint training")),
        Term("Co-location", synonyms=("co location", "colocation", "co located")),
        Term("Data sharing", synonyms=("data exchange",)),
        Term("Funding", synonyms=("grant", "funder", "subgrant", "sub grant")),
    ),
)

POPULATIONS_VOCAB: Final = Vocabulary(
    "population",
    (
        Term("Adults", synonyms=("adult", "18+", "over 18")),
        Term(
            "Youth",
            synonyms=(
                "young people",
                "young adults",
                "teens",
                "teenagers",
                "adolescents",
                "minors",
            ),
        ),
        Term("Children", synonyms=("kids", "child")),
        Term("Families", synonyms=("family", "parents")),
        Term("Women", synonyms=("woman", "female", "females", "girls")),
        Term("Men", synonyms=("man", "male", "males", "boys", "male survivors")),
        Term(
            "LGBTQ+",
            synonyms=(
                "lgbtq",
                "lgbt",
                "lgbtqia",
                "lgbtqia+",
                "lgbtq+ people",
                "transgender",
                "trans",
                "queer",
                "gender diverse",
            ),
        ),
        Term("Immigrants", synonyms=("immigrant", "foreign born", "undocumented")),
        Term("Refugees", synonyms=("refugee", "asylum seekers", "asylees")),
        Term("Seniors", synonyms=("older adults", "elderly", "senior")),
        Term("People with disabilities", synonyms=("disabilities", "disabled", "disability")),
        Term("Deaf and hard of hearing", synonyms=("deaf", "hard of hearing")),
        Term(
            "Survivors of trafficking",
            synonyms=(
                "trafficking survivors",
                "trafficking victims",
                "human trafficking survivors",
            ),
        ),
        Term(
            "Survivors of domestic violence",
            synonyms=("dv survivors", "domestic violence", "intimate partner violence", "ipv"),
        ),
        Term(
            "Survivors of sexual assault", synonyms=("sexual assault survivors", "sexual violence")
        ),
        Term("People experiencing homelessness", synonyms=("homeless", "unhoused", "homelessness")),
        Term(
            "Justice-involved people",
            synonyms=(
                "reentry",
                "re entry",
                "justice involved",
                "returning citizens",
                "formerly incarcerated",
            ),
        ),
        Term("Veterans", synonyms=("veteran",)),
    ),
)

LANGUAGES_VOCAB: Final = Vocabulary(
    "language",
    (
        Term("English", synonyms=("en", "eng")),
        Term("Spanish", synonyms=("es", "spa", "espanol", "español", "castellano")),
        Term("American Sign Language", synonyms=("asl", "sign language")),
        Term("Arabic", synonyms=("ar", "ara")),
        Term("Bengali", synonyms=("bn", "bangla")),
        Term("Chinese", synonyms=("zh", "mandarin", "cantonese", "chinese mandarin")),
        Term("French", synonyms=("fr", "fra")),
        Term("German", synonyms=("de",)),
        Term("Haitian Creole", synonyms=("ht", "kreyol", "creole")),
        Term("Hindi", synonyms=("hi",)),
        Term("Italian", synonyms=("it",)),
        Term("Japanese", synonyms=("ja",)),
        Term("Korean", synonyms=("ko",)),
        Term("Nepali", synonyms=("ne",)),
        Term("Persian", synonyms=("fa", "farsi", "dari")),
        Term("Polish", synonyms=("pl",)),
        Term("Portuguese", synonyms=("pt",)),
        Term("Russian", synonyms=("ru",)),
        Term("Somali", synonyms=("so",)),
        Term("Swahili", synonyms=("sw",)),
        Term("Tagalog", synonyms=("tl", "filipino")),
        Term("Ukrainian", synonyms=("uk",)),
        Term("Urdu", synonyms=("ur",)),
        Term("Vietnamese", synonyms=("vi",)),
    ),
)

US_STATES: Final = {
    "AL": "Alabama",
    "AK": "Alaska",
    "AZ": "Arizona",
    "AR": "Arkansas",
    "CA": "California",
    "CO": "Colorado",
    "CT": "Connecticut",
    "DE": "Delaware",
    "DC": "District of Columbia",
    "FL": "Florida",
    "GA": "Georgia",
    "HI": "Hawaii",
    "ID": "Idaho",
    "IL": "Illinois",
    "IN": "Indiana",
    "IA": "Iowa",
    "KS": "Kansas",
    "KY": "Kentucky",
    "LA": "Louisiana",
    "ME": "Maine",
    "MD": "Maryland",
    "MA": "Massachusetts",
    "MI": "Michigan",
    "MN": "Minnesota",
    "MS": "Mississippi",
    "MO": "Missouri",
    "MT": "Montana",
    "NE": "Nebraska",
    "NV": "Nevada",
    "NH": "New Hampshire",
    "NJ": "New Jersey",
    "NM": "New Mexico",
    "NY": "New York",
    "NC": "North Carolina",
    "ND": "North Dakota",
    "OH": "Ohio",
    "OK": "Oklahoma",
    "OR": "Oregon",
    "PA": "Pennsylvania",
    "RI": "Rhode Island",
    "SC": "South Carolina",
    "SD": "South Dakota",
    "TN": "Tennessee",
    "TX": "Texas",
    "UT": "Utah",
    "VT": "Vermont",
    "VA": "Virginia",
    "WA": "Washington",
    "WV": "West Virginia",
    "WI": "Wisconsin",
    "WY": "Wyoming",
    "PR": "Puerto Rico",
    "GU": "Guam",
    "VI": "U.S. Virgin Islands",
    "AS": "American Samoa",
    "MP": "Northern Mariana Islands",
    "PW": "Palau",
    "FM": "Federated States of Micronesia",
    "MH": "Marshall Islands",
    "AA": "Armed Forces Americas",
    "AE": "Armed Forces Europe",
    "AP": "Armed Forces Pacific",
}
STATES_VOCAB: Final = Vocabulary(
    "state", tuple(Term(code, synonyms=(name,)) for code, name in US_STATES.items())
)

TRUE_WORDS: Final = frozenset(
    {"true", "t", "yes", "y", "1", "x", "confidential", "private", "si", "sí", "on", "1.0"}
)
FALSE_WORDS: Final = frozenset({"false", "f", "no", "n", "0", "public", "off", "0.0"})


def suggestion_text(vocab: Vocabulary, value: str) -> str:
    """' Did you mean 'X'?' or '' - for appending to an error message."""
    near = vocab.suggest(value)
    return f" Did you mean '{near}'?" if near else ""

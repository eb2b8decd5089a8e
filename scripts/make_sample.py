"""Write the fictional sample community in data/sample/ (run: python scripts/make_sample.py).

Every organization, person, email (example.org) and phone number (555-01xx) is invented;
the region, its ZIP codes and its cities are real (Pittsburgh and Allegheny County, PA,
with a few neighbours). The data are built to have something true to show:

* gaps: no legal aid in Spanish; nothing for men; one provider of immigration legal aid and
  one of forensic exams (single points of failure); no shelter north of the rivers; ESL and
  childcare only in a few places;
* overlaps: three job-placement services downtown; case management offered by many
  victim-services partners in the same ZIP areas;
* relationships at all three levels, a coalition and a county office that broker across
  sectors, an isolated partner, a separate two-partner cluster outside the county, and pairs
  that describe the same relationship differently.

The output is deterministic (seeded), so re-running it changes nothing.
"""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mapping.data import schema as s  # noqa: E402
from mapping.places.gazetteer import get_gazetteer  # noqa: E402

OUT = ROOT / "data" / "sample"
rng = random.Random(20261127)

# id, name, sector, street, city, zip, placement, confidential, languages, populations
#   placement: "coords" (coordinates given), "zip" (ZIP only), "city" (city only), "full"
PARTNERS = [
    (
        "P01",
        "Allegheny Anti-Trafficking Coalition",
        "Victim services",
        "425 Sixth Ave",
        "Pittsburgh",
        "15222",
        "coords",
        False,
        "English|Spanish",
        "Survivors of trafficking|Adults|Youth",
    ),
    (
        "P02",
        "Safe Harbor Shelter",
        "Victim services",
        "",
        "Pittsburgh",
        "15206",
        "zip",
        True,
        "English|Spanish",
        "Women|Children|Survivors of domestic violence",
    ),
    (
        "P03",
        "Riverbend Women's Center",
        "Victim services",
        "",
        "McKeesport",
        "15132",
        "zip",
        True,
        "English",
        "Women|Children|Survivors of domestic violence",
    ),
    (
        "P04",
        "Sexual Assault Response Center of Western PA",
        "Victim services",
        "81 Meyran Ave",
        "Pittsburgh",
        "15213",
        "coords",
        False,
        "English|Spanish|Arabic",
        "Survivors of sexual assault|Adults|Youth|LGBTQ+",
    ),
    (
        "P05",
        "Northside Survivor Network",
        "Victim services",
        "1401 Federal St",
        "Pittsburgh",
        "15212",
        "full",
        False,
        "English",
        "Survivors of trafficking|Women",
    ),
    (
        "P06",
        "Mon Valley Family Violence Project",
        "Victim services",
        "301 E Eighth Ave",
        "Homestead",
        "15120",
        "full",
        False,
        "English|Spanish",
        "Survivors of domestic violence|Families",
    ),
    (
        "P07",
        "Hope Rising Youth Outreach",
        "Victim services",
        "2100 Centre Ave",
        "Pittsburgh",
        "15219",
        "coords",
        False,
        "English",
        "Youth|LGBTQ+|Survivors of trafficking",
    ),
    (
        "P08",
        "CareerLink Pittsburgh Job Center",
        "Workforce development",
        "304 Wood St",
        "Pittsburgh",
        "15222",
        "coords",
        False,
        "English|Spanish",
        "Adults",
    ),
    (
        "P09",
        "Steel City Staffing",
        "Workforce development",
        "1800 E Carson St",
        "Pittsburgh",
        "15203",
        "full",
        False,
        "English",
        "Adults",
    ),
    (
        "P10",
        "Three Rivers Hospitality Employers Alliance",
        "Workforce development",
        "1000 Penn Ave",
        "Pittsburgh",
        "15222",
        "full",
        False,
        "English",
        "Adults",
    ),
    (
        "P11",
        "Mon Valley Works",
        "Workforce development",
        "520 Lysle Blvd",
        "McKeesport",
        "15132",
        "full",
        False,
        "English",
        "Adults|Justice-involved people",
    ),
    (
        "P12",
        "Second Chance Employment Partners",
        "Workforce development",
        "7227 Hamilton Ave",
        "Pittsburgh",
        "15208",
        "full",
        False,
        "English",
        "Justice-involved people|Adults",
    ),
    (
        "P13",
        "Eastside Manufacturing Training Institute",
        "Workforce development",
        "",
        "",
        "15146",
        "zip",
        False,
        "English",
        "Adults",
    ),
    (
        "P14",
        "Allegheny Community College",
        "Education",
        "808 Ridge Ave",
        "Pittsburgh",
        "15212",
        "coords",
        False,
        "English|Spanish",
        "Adults|Youth|Immigrants",
    ),
    (
        "P15",
        "Literacy Partners of Pittsburgh",
        "Education",
        "411 Seventh Ave",
        "Pittsburgh",
        "15213",
        "full",
        False,
        "English|Spanish|Nepali",
        "Adults|Immigrants|Refugees",
    ),
    (
        "P16",
        "Braddock Learning Center",
        "Education",
        "419 Library St",
        "Braddock",
        "15104",
        "full",
        False,
        "English",
        "Adults|Families",
    ),
    (
        "P17",
        "Hill District Adult Education",
        "Education",
        "2009 Wylie Ave",
        "Pittsburgh",
        "15219",
        "full",
        False,
        "English",
        "Adults",
    ),
    (
        "P18",
        "North Hills Adult Learning",
        "Education",
        "",
        "",
        "15237",
        "zip",
        False,
        "English|Chinese",
        "Adults|Immigrants",
    ),
    (
        "P19",
        "Allegheny Housing Authority",
        "Housing",
        "100 Ross St",
        "Pittsburgh",
        "15219",
        "coords",
        False,
        "English|Spanish",
        "Families|Adults|Seniors",
    ),
    (
        "P20",
        "Bridges Transitional Housing",
        "Housing",
        "220 Brownsville Rd",
        "Pittsburgh",
        "15210",
        "full",
        False,
        "English",
        "Women|Survivors of trafficking",
    ),
    (
        "P21",
        "Homewood Housing Navigators",
        "Housing",
        "7101 Frankstown Ave",
        "Pittsburgh",
        "15208",
        "full",
        False,
        "English",
        "Families|People experiencing homelessness",
    ),
    (
        "P22",
        "McKeesport Rapid Rehousing",
        "Housing",
        "",
        "McKeesport",
        "15132",
        "full",
        False,
        "English",
        "Families|People experiencing homelessness",
    ),
    (
        "P23",
        "Youth Housing Collective",
        "Housing",
        "4000 Butler St",
        "Pittsburgh",
        "15201",
        "full",
        False,
        "English",
        "Youth|LGBTQ+|People experiencing homelessness",
    ),
    (
        "P24",
        "Three Rivers Legal Aid",
        "Legal aid",
        "436 Seventh Ave",
        "Pittsburgh",
        "15222",
        "coords",
        False,
        "English",
        "Adults|Families",
    ),
    (
        "P25",
        "Immigrant Justice Project",
        "Legal aid",
        "3600 Forbes Ave",
        "Pittsburgh",
        "15213",
        "full",
        False,
        "English|Nepali|Arabic",
        "Immigrants|Refugees|Survivors of trafficking",
    ),
    (
        "P26",
        "Bluff Street Law Clinic",
        "Legal aid",
        "900 Locust St",
        "Pittsburgh",
        "15219",
        "full",
        False,
        "English",
        "Adults|Justice-involved people",
    ),
    (
        "P27",
        "Mon Valley Legal Services",
        "Legal aid",
        "",
        "McKeesport",
        "",
        "city",
        False,
        "English",
        "Families|Survivors of domestic violence",
    ),
    (
        "P28",
        "Survivor Record Relief Initiative",
        "Legal aid",
        "5 PPG Pl",
        "Pittsburgh",
        "15222",
        "full",
        False,
        "English",
        "Survivors of trafficking",
    ),
    (
        "P29",
        "East End Community Health Center",
        "Health",
        "6023 Penn Ave",
        "Pittsburgh",
        "15206",
        "coords",
        False,
        "English|Spanish|Nepali",
        "Adults|Families|Immigrants",
    ),
    (
        "P30",
        "Mercy Street Clinic",
        "Health",
        "1515 Locust St",
        "Pittsburgh",
        "15203",
        "full",
        False,
        "English",
        "Adults|Survivors of sexual assault",
    ),
    (
        "P31",
        "Mon Valley Health Partners",
        "Health",
        "1500 Fifth Ave",
        "McKeesport",
        "15132",
        "full",
        False,
        "English",
        "Adults|Families|Seniors",
    ),
    (
        "P32",
        "Allegheny Public Health Nurses",
        "Health",
        "542 Fourth Ave",
        "Pittsburgh",
        "15219",
        "full",
        False,
        "English|Spanish",
        "Families|Children",
    ),
    (
        "P33",
        "Riverview Counseling",
        "Mental health",
        "",
        "",
        "15237",
        "zip",
        False,
        "English",
        "Adults|Youth",
    ),
    (
        "P34",
        "Recovery Bridges",
        "Mental health",
        "120 Arlington Ave",
        "Pittsburgh",
        "15210",
        "full",
        False,
        "English",
        "Adults|Justice-involved people",
    ),
    (
        "P35",
        "Healing Circles Trauma Therapy",
        "Mental health",
        "3700 Butler St",
        "Pittsburgh",
        "15201",
        "coords",
        False,
        "English|Spanish",
        "Survivors of trafficking|Women|LGBTQ+",
    ),
    (
        "P36",
        "Wilkinsburg Behavioral Health",
        "Mental health",
        "807 Wallace Ave",
        "Wilkinsburg",
        "15221",
        "full",
        False,
        "English",
        "Adults|Families",
    ),
    (
        "P37",
        "Allegheny County Human Services",
        "Government",
        "1 Smithfield St",
        "Pittsburgh",
        "15222",
        "coords",
        False,
        "English|Spanish|Arabic|Nepali",
        "Families|Adults|Children",
    ),
    (
        "P38",
        "City Office of Immigrant Affairs",
        "Government",
        "414 Grant St",
        "Pittsburgh",
        "15219",
        "full",
        False,
        "English|Spanish|Arabic|Nepali|Swahili",
        "Immigrants|Refugees",
    ),
    (
        "P39",
        "Allegheny Transit Access Program",
        "Government",
        "345 Sixth Ave",
        "Pittsburgh",
        "15222",
        "full",
        False,
        "English|Spanish",
        "Adults|People with disabilities",
    ),
    (
        "P40",
        "County DA Victim-Witness Unit",
        "Law enforcement",
        "436 Grant St",
        "Pittsburgh",
        "15219",
        "full",
        False,
        "English|Spanish",
        "Adults|Youth",
    ),
    (
        "P41",
        "Regional Human Trafficking Task Force",
        "Law enforcement",
        "",
        "Pittsburgh",
        "15222",
        "full",
        False,
        "English",
        "Survivors of trafficking",
    ),
    (
        "P42",
        "Greater Pittsburgh Food Network",
        "Community and faith",
        "1 N Linden St",
        "Duquesne",
        "15110",
        "full",
        False,
        "English|Spanish",
        "Families|Adults",
    ),
    (
        "P43",
        "St. Brigid Community Pantry",
        "Community and faith",
        "500 Chartiers Ave",
        "McKees Rocks",
        "15136",
        "full",
        False,
        "English",
        "Families",
    ),
    (
        "P44",
        "Hilltop Mosque Family Services",
        "Community and faith",
        "",
        "Pittsburgh",
        "15227",
        "zip",
        False,
        "Arabic|English|Somali",
        "Families|Immigrants|Refugees",
    ),
    (
        "P45",
        "Dress for Work Pittsburgh",
        "Community and faith",
        "600 Grant St",
        "Pittsburgh",
        "15219",
        "full",
        False,
        "English",
        "Women|Adults",
    ),
    (
        "P46",
        "Latino Community Center of Pittsburgh",
        "Community and faith",
        "2000 Brownsville Rd",
        "Pittsburgh",
        "15210",
        "coords",
        False,
        "Spanish|English",
        "Immigrants|Families",
    ),
    (
        "P47",
        "Westmoreland Survivor Services",
        "Victim services",
        "",
        "Greensburg",
        "",
        "city",
        False,
        "English",
        "Survivors of domestic violence|Survivors of trafficking",
    ),
    (
        "P48",
        "Butler County Job Connection",
        "Workforce development",
        "",
        "Butler",
        "",
        "city",
        False,
        "English",
        "Adults",
    ),
    (
        "P49",
        "Washington County Legal Help",
        "Legal aid",
        "",
        "",
        "15301",
        "zip",
        False,
        "English",
        "Adults",
    ),
    (
        "P60",
        "Three Rivers Community Foundation",
        "Funder",
        "5 PPG Pl",
        "Pittsburgh",
        "15222",
        "full",
        False,
        "English",
        "Survivors of trafficking|Survivors of domestic violence",
    ),
]
# Partners added after the first 49 draw their contact from their own seed, so the draws
# of everything else (and the facts tests rely on) do not move.
FIRST_DRAWN = 49

# issue 17: what partners can share, what worked and what got in the way, what a funder
# funds (categories with gaps in this sample: immigration legal aid, ESL, childcare).
EXPERTISE = {
    "P01": "Anti-trafficking training|Coalition facilitation|Survivor leadership",
    "P02": "Safety planning|Trauma-informed care training",
    "P04": "Forensic exams|Sexual assault response training",
    "P08": "Job readiness workshops|Employer outreach",
    "P14": "ESL curriculum|Adult learner advising",
    "P24": "Protection orders|Housing law",
    "P25": "Immigration relief for survivors (T and U visas)|Spanish interpretation",
    "P33": "Trauma-focused therapy|Clinical supervision",
    "P37": "Benefits navigation|Data sharing agreements",
    "P46": "Spanish interpretation|Community outreach",
    "P60": "Grant writing|Program evaluation",
}
SUCCESSES = {
    "P01": "Built a referral protocol with the job center; 30 survivors referred in a year.",
    "P08": "Placed 12 survivors in jobs with two partner employers.",
    "P25": "Won T visas for 9 clients with help from the shelter's advocates.",
    "P60": "Funded a shared navigator between the shelter and the housing authority.",
}
BARRIERS = {
    "P01": "No shelter beds north of the rivers; referrals wait weeks.",
    "P08": "Employers ask for ID and work history survivors often lack.",
    "P25": "One attorney for immigration relief in the whole county.",
    "P14": "ESL classes only downtown; no childcare during class.",
    "P60": "Grants pay for direct services, rarely for the time partnering takes.",
}
FUNDS = {"P60": "Immigration legal aid|ESL|Childcare|Shelter"}

# partner -> list of (category, name, extra); extra may give zip (another site), radius,
# languages, populations, trauma_informed, capacity, cost, eligibility
SERVICES: dict[str, list[tuple[str, str, dict[str, object]]]] = {
    "P01": [
        ("Transportation", "Rides to court and appointments", {"radius": 20}),
        ("Crisis line", "24-hour trafficking hotline", {"radius": 300}),
        ("Case management", "Survivor case management", {}),
        ("Safety planning", "Safety planning sessions", {}),
        ("Victim advocacy", "Court and hospital accompaniment", {"radius": 30}),
        ("Peer support", "Survivor leadership circle", {}),
    ],
    "P02": [
        ("Shelter", "Emergency safe shelter", {"capacity": "18 beds"}),
        ("Safety planning", "Shelter safety planning", {}),
        ("Case management", "Shelter case management", {}),
        ("Childcare", "On-site child care for residents", {"languages": "English"}),
    ],
    "P03": [
        ("Shelter", "Confidential shelter", {"capacity": "12 beds"}),
        ("Transitional housing", "Second-stage apartments", {"capacity": "8 units"}),
        ("Crisis line", "Mon Valley DV hotline", {"radius": 300}),
        ("Victim advocacy", "Protection order advocacy", {}),
    ],
    "P04": [
        ("Crisis line", "Sexual assault helpline", {"radius": 300}),
        ("Victim advocacy", "Hospital accompaniment", {"radius": 25}),
        ("Mental health", "Trauma counseling", {}),
        ("Peer support", "Survivor support groups", {}),
    ],
    "P05": [
        ("Safety planning", "North Side safety planning", {}),
        ("Peer support", "Survivor mentor program", {}),
        ("Case management", "North Side case management", {}),
        ("Clothing", "Survivor closet", {}),
    ],
    "P06": [
        ("Safety planning", "Mon Valley safety planning", {}),
        ("Victim advocacy", "Court advocacy", {}),
        ("Case management", "Family case management", {}),
        ("Peer support", "Support group for mothers", {}),
    ],
    "P07": [
        ("Case management", "Youth case management", {}),
        ("Peer support", "Youth mentoring", {}),
        ("Safety planning", "Street outreach and safety planning", {"radius": 10}),
        ("Transportation", "Rides to appointments", {"radius": 15}),
    ],
    "P08": [
        ("Job training", "Digital skills for work", {}),
        ("Job placement", "Job matching", {}),
        ("Career counseling", "Career coaching", {}),
        ("Job training", "Workshops: resume and interview", {}),
        ("Public benefits", "Unemployment and benefits help", {}),
    ],
    "P09": [
        ("Job placement", "Temp-to-hire placement", {}),
        ("Job training", "Forklift certification", {}),
    ],
    "P10": [
        ("Job placement", "Hospitality hiring events", {}),
        ("Job training", "Culinary and hotel skills course", {}),
    ],
    "P11": [
        ("Job training", "Mon Valley skills academy", {}),
        ("Job placement", "Mon Valley job placement", {}),
        ("Career counseling", "Career planning", {}),
    ],
    "P12": [
        ("Clothing", "Work boots and gear", {}),
        ("Job placement", "Fair-chance hiring network", {}),
        ("Job training", "Construction pre-apprenticeship", {}),
        ("Career counseling", "Reentry career coaching", {}),
    ],
    "P13": [
        ("Job training", "Advanced manufacturing certificate", {}),
        ("Job placement", "Manufacturing placement", {}),
    ],
    "P14": [
        ("College", "Certificates and associate degrees", {}),
        ("ESL", "English for speakers of other languages", {}),
        ("GED", "GED preparation", {}),
        ("Job training", "Healthcare careers training", {}),
        ("Career counseling", "Student career services", {}),
        ("College", "Boyce campus courses", {"zip": "15146"}),
        ("GED", "North campus GED", {"zip": "15237"}),
        ("Job training", "South campus trades", {"zip": "15017"}),
        ("Childcare", "Campus child development center", {}),
    ],
    "P15": [
        ("ESL", "Conversation and citizenship classes", {}),
        ("GED", "GED tutoring", {}),
        ("Education", "Digital literacy", {}),
        ("ESL", "ESL in Carrick", {"zip": "15210"}),
    ],
    "P16": [
        ("ESL", "ESL for families", {}),
        ("GED", "GED classes", {}),
        ("Education", "Adult basic education", {}),
        ("Childcare", "Child care during class", {}),
    ],
    "P17": [("GED", "Evening GED", {}), ("Education", "Computer basics", {})],
    "P18": [("ESL", "North Hills ESL", {}), ("Education", "Citizenship preparation", {})],
    "P19": [
        ("Case management", "Resident services", {}),
        ("Permanent housing", "Public housing", {}),
        ("Rental assistance", "Housing choice vouchers", {}),
        ("Housing", "Emergency transfer for survivors", {}),
    ],
    "P20": [
        ("Transitional housing", "Survivor transitional apartments", {"capacity": "14 units"}),
        ("Case management", "Housing case management", {}),
        ("Financial education", "Budgeting and credit repair", {}),
    ],
    "P21": [
        ("Financial education", "Renters financial coaching", {}),
        ("Housing", "Housing search help", {}),
        ("Rental assistance", "Deposit and first-month rent", {}),
        ("Case management", "Housing stability case management", {}),
    ],
    "P22": [
        ("Permanent housing", "Rapid rehousing", {}),
        ("Rental assistance", "Short-term rent help", {}),
    ],
    "P23": [
        ("Transitional housing", "Youth transitional living", {"capacity": "10 beds"}),
        ("Case management", "Youth housing case management", {}),
        ("Peer support", "LGBTQ+ youth peer group", {}),
    ],
    "P24": [
        ("Legal", "Tenant rights clinic", {}),
        ("Legal", "Civil legal aid", {}),
        ("Family law", "Custody and divorce", {}),
        ("Protection orders", "Protection from abuse orders", {}),
        ("Criminal record relief", "Record sealing clinic", {}),
    ],
    "P25": [
        ("Immigration legal aid", "T and U visa applications", {"radius": 60}),
        ("Immigration legal aid", "Asylum and work permits", {}),
        ("Legal", "Know-your-rights workshops", {}),
    ],
    "P26": [
        ("Criminal record relief", "Expungement clinic", {}),
        ("Family law", "Family law clinic", {}),
    ],
    "P27": [
        ("Protection orders", "Mon Valley PFA help", {}),
        ("Family law", "Mon Valley family law", {}),
        ("Legal", "Mon Valley civil legal aid", {}),
    ],
    "P28": [
        ("Criminal record relief", "Vacatur for trafficking survivors", {"radius": 100}),
        ("Legal", "Survivor legal consultations", {}),
    ],
    "P29": [
        ("Substance use", "Recovery clinic", {}),
        ("Medical care", "Primary care", {}),
        ("Dental care", "Dental clinic", {}),
        ("Public benefits", "Medicaid enrollment", {}),
        ("Mental health", "Integrated behavioral health", {}),
    ],
    "P30": [
        ("Medical care", "Walk-in clinic", {}),
        ("Forensic exam", "SANE forensic exams", {"radius": 50}),
    ],
    "P31": [
        ("Mental health", "Mon Valley counseling", {}),
        ("Medical care", "Mon Valley primary care", {}),
        ("Dental care", "Mon Valley dental", {}),
    ],
    "P32": [
        ("Health", "Home visiting nurses", {"radius": 20}),
        ("Medical care", "Immunization clinic", {}),
    ],
    "P33": [
        ("Mental health", "Trauma-focused therapy", {}),
        ("Mental health", "Teen counseling", {}),
    ],
    "P34": [
        ("Substance use", "Outpatient recovery program", {}),
        ("Peer support", "Recovery coaching", {}),
    ],
    "P35": [
        ("Mental health", "Art therapy group", {}),
        ("Mental health", "Trauma therapy for survivors", {}),
        ("Peer support", "Healing circles", {}),
    ],
    "P36": [
        ("Peer support", "Family support group", {}),
        ("Mental health", "Community counseling", {}),
        ("Substance use", "Medication-assisted treatment", {}),
    ],
    "P37": [
        ("Transportation", "Medical transport", {"radius": 25}),
        ("Public benefits", "SNAP, TANF and Medicaid applications", {}),
        ("Case management", "County case management", {}),
        ("Childcare", "Child care subsidies", {}),
        ("Money", "Emergency cash assistance", {}),
    ],
    "P38": [
        ("Case management", "Immigrant service navigation", {}),
        ("Education", "Welcome workshops", {}),
    ],
    "P39": [
        ("Transportation", "Reduced-fare bus passes", {"radius": 25}),
        ("Transportation", "Paratransit rides", {"radius": 20}),
    ],
    "P40": [
        ("Safety planning", "Safety planning with advocates", {}),
        ("Victim advocacy", "Victim-witness advocates", {"radius": 40}),
        ("Money", "Victim compensation applications", {}),
    ],
    "P41": [
        ("Safety planning", "Law enforcement safety planning", {}),
        ("Victim advocacy", "Task force victim specialists", {"radius": 60}),
    ],
    "P42": [
        ("Food pantry", "Mon Valley pantry", {"zip": "15132"}),
        ("Food pantry", "Partner pantry network", {"radius": 15}),
        ("Food", "Mobile food distribution", {"radius": 20}),
    ],
    "P43": [
        ("Food", "Community meals", {}),
        ("Food pantry", "Weekly pantry", {}),
        ("Clothing", "Clothing closet", {}),
    ],
    "P44": [
        ("Food pantry", "Halal food pantry", {}),
        ("Clothing", "Clothing and household goods", {}),
        ("Case management", "Family support navigation", {}),
    ],
    "P45": [
        ("Clothing", "Interview clothing", {}),
        ("Career counseling", "Interview coaching", {}),
    ],
    "P46": [
        ("Transportation", "Rides to appointments", {"radius": 10}),
        ("Case management", "Bilingual case management", {}),
        ("ESL", "English classes", {}),
        ("Public benefits", "Benefits help in Spanish", {}),
        ("Food pantry", "Community pantry", {}),
    ],
    "P47": [
        ("Crisis line", "Westmoreland hotline", {"radius": 300}),
        ("Shelter", "Westmoreland emergency shelter", {}),
        ("Case management", "Westmoreland case management", {}),
    ],
    "P48": [
        ("Job placement", "Butler job placement", {}),
        ("Job training", "Butler skills training", {}),
    ],
    "P49": [
        ("Legal", "Washington County civil legal aid", {}),
        ("Protection orders", "Washington County PFA help", {}),
    ],
}

TRAUMA_INFORMED = {
    "P01",
    "P02",
    "P03",
    "P04",
    "P05",
    "P06",
    "P07",
    "P20",
    "P23",
    "P25",
    "P28",
    "P30",
    "P33",
    "P35",
    "P40",
}

# source, target, level, type, trust, since, notes
RELATIONSHIPS = [
    (
        "P01",
        "P02",
        "collaboration",
        "Joint program|MOU|Referral",
        4,
        "2019",
        "Joint survivor intake protocol",
    ),
    ("P02", "P01", "collaboration", "Joint program|MOU", 4, "2019", ""),
    ("P01", "P04", "coordination", "Information exchange|Joint outreach", 3, "2020", ""),
    ("P01", "P07", "coordination", "Joint outreach|Referral", 3, "2021", ""),
    (
        "P01",
        "P08",
        "collaboration",
        "Joint program|MOU",
        3,
        "2022",
        "Survivor employment pathway with P14 and P10",
    ),
    (
        "P08",
        "P01",
        "coordination",
        "Referral|Information exchange",
        3,
        "2022",
        "Sees the pathway as coordination so far",
    ),
    ("P01", "P14", "collaboration", "Joint program|MOU", 3, "2022", "Survivor employment pathway"),
    ("P14", "P01", "collaboration", "Joint program|MOU", 4, "2022", ""),
    ("P01", "P10", "collaboration", "Joint program", 2, "2023", ""),
    ("P10", "P01", "cooperation", "Referral", 2, "2023", "Only refers candidates so far"),
    ("P01", "P24", "coordination", "Referral|Cross-training", 3, "2018", ""),
    ("P01", "P25", "coordination", "Referral|Information exchange", 4, "2018", ""),
    ("P01", "P28", "collaboration", "Joint program|MOU", 4, "2021", "Vacatur project"),
    ("P01", "P35", "coordination", "Referral", 3, "2020", ""),
    ("P01", "P37", "coordination", "Information exchange|Data sharing", 3, "2017", ""),
    ("P01", "P40", "coordination", "Information exchange|Cross-training", 3, "2016", ""),
    ("P01", "P41", "collaboration", "MOU|Information exchange", 3, "2016", "Task force"),
    ("P41", "P01", "collaboration", "MOU", 3, "2016", ""),
    ("P01", "P20", "cooperation", "Referral", 3, "2019", ""),
    ("P01", "P29", "cooperation", "Referral", 3, "2020", ""),
    (
        "P02",
        "P19",
        "coordination",
        "Referral|Information exchange",
        3,
        "2020",
        "Emergency transfers",
    ),
    ("P02", "P29", "cooperation", "Referral", 3, "2018", ""),
    ("P02", "P24", "cooperation", "Referral", 3, "2018", ""),
    ("P02", "P35", "cooperation", "Referral", 4, "2021", ""),
    ("P03", "P06", "coordination", "Referral|Joint outreach", 4, "2015", ""),
    ("P06", "P03", "coordination", "Referral|Joint outreach", 4, "2015", ""),
    ("P03", "P27", "cooperation", "Referral", 3, "2017", ""),
    ("P03", "P31", "cooperation", "Referral", 3, "2019", ""),
    ("P03", "P22", "coordination", "Referral|Shared resources", 3, "2020", ""),
    ("P04", "P30", "collaboration", "Joint program|MOU", 4, "2014", "SANE response team"),
    ("P30", "P04", "collaboration", "Joint program|MOU", 4, "2014", ""),
    ("P04", "P40", "coordination", "Referral|Information exchange", 3, "2016", ""),
    ("P04", "P35", "cooperation", "Referral", 3, "2021", ""),
    ("P05", "P20", "coordination", "Referral|Shared resources", 3, "2021", ""),
    ("P05", "P14", "cooperation", "Referral", 2, "2023", ""),
    ("P06", "P27", "coordination", "Referral|Co-location", 4, "2018", "Weekly legal hours"),
    ("P06", "P11", "cooperation", "Referral", 2, "2022", ""),
    (
        "P07",
        "P23",
        "collaboration",
        "Joint program|Shared resources",
        4,
        "2020",
        "Youth housing first",
    ),
    ("P23", "P07", "coordination", "Referral|Shared resources", 4, "2020", "Calls it coordination"),
    ("P07", "P33", "cooperation", "Referral", 3, "2022", ""),
    ("P08", "P09", "coordination", "Referral|Information exchange", 3, "2019", ""),
    ("P08", "P10", "coordination", "Joint outreach", 3, "2021", ""),
    ("P08", "P12", "cooperation", "Referral", 3, "2020", ""),
    ("P08", "P14", "coordination", "Referral|Co-location", 3, "2017", ""),
    ("P08", "P37", "coordination", "Information exchange|Data sharing", 3, "2016", ""),
    ("P08", "P45", "cooperation", "Referral", 3, "2019", ""),
    ("P09", "P10", "cooperation", "Information exchange", 2, "2022", ""),
    ("P11", "P31", "cooperation", "Referral", 2, "2021", ""),
    ("P11", "P22", "cooperation", "Referral", 3, "2021", ""),
    ("P12", "P26", "coordination", "Referral|Joint outreach", 3, "2019", ""),
    ("P12", "P34", "cooperation", "Referral", 3, "2020", ""),
    ("P14", "P15", "coordination", "Referral|Cross-training", 3, "2018", ""),
    ("P14", "P16", "cooperation", "Referral", 2, "2021", ""),
    (
        "P15",
        "P46",
        "coordination",
        "Shared resources|Joint outreach",
        4,
        "2019",
        "ESL at the center",
    ),
    ("P15", "P38", "cooperation", "Referral", 3, "2020", ""),
    ("P15", "P18", "cooperation", "Information exchange", 2, "2022", ""),
    ("P16", "P42", "cooperation", "Shared resources", 3, "2020", ""),
    ("P17", "P19", "cooperation", "Referral", 2, "2021", ""),
    ("P19", "P37", "coordination", "Data sharing|Referral", 3, "2015", ""),
    ("P20", "P21", "coordination", "Referral|Shared resources", 3, "2019", ""),
    ("P21", "P37", "cooperation", "Referral", 3, "2018", ""),
    ("P24", "P26", "coordination", "Referral|Cross-training", 3, "2016", ""),
    ("P24", "P28", "coordination", "Referral", 4, "2021", ""),
    ("P25", "P38", "coordination", "Joint outreach|Referral", 4, "2017", ""),
    ("P25", "P46", "cooperation", "Referral", 3, "2019", ""),
    ("P29", "P36", "cooperation", "Referral", 3, "2020", ""),
    ("P29", "P37", "coordination", "Information exchange", 3, "2018", ""),
    ("P32", "P37", "coordination", "Data sharing", 3, "2014", ""),
    ("P34", "P36", "coordination", "Referral|Cross-training", 3, "2019", ""),
    ("P37", "P39", "coordination", "Shared resources", 3, "2016", ""),
    ("P37", "P42", "cooperation", "Funding", 3, "2017", ""),
    ("P37", "P44", "cooperation", "Referral", 2, "2022", ""),
    ("P38", "P46", "coordination", "Joint outreach", 3, "2018", ""),
    ("P38", "P44", "cooperation", "Referral", 3, "2021", ""),
    ("P40", "P41", "coordination", "Information exchange", 3, "2016", ""),
    ("P42", "P43", "coordination", "Shared resources", 4, "2012", ""),
    ("P42", "P44", "cooperation", "Shared resources", 3, "2019", ""),
    ("P47", "P48", "cooperation", "Referral", 3, "2022", "Outside the county"),
    ("P60", "P01", "coordination", "Funding|Information exchange", 3, "2021", ""),
    ("P60", "P37", "cooperation", "Funding", 3, "2020", ""),
]

CONTACT_FIRST = [
    "Dana",
    "Luis",
    "Amira",
    "Grace",
    "Tom",
    "Keisha",
    "Priya",
    "Sam",
    "Rosa",
    "Ben",
    "Nadia",
    "Jon",
    "Lena",
    "Omar",
    "Tess",
    "Marco",
    "Ivy",
    "Ray",
]
CONTACT_LAST = [
    "Rivera",
    "Chen",
    "Haddad",
    "Okafor",
    "Novak",
    "Brooks",
    "Shah",
    "Miller",
    "Gomez",
    "Kowalski",
    "Adams",
    "Nguyen",
    "Park",
    "Diallo",
    "Russo",
    "Baker",
]


def _slug(name: str) -> str:
    words = [w for w in name.replace("-", " ").split() if w[0].isalpha()]
    return "".join(w[0] for w in words).lower()


def main() -> None:
    gaz = get_gazetteer()
    OUT.mkdir(parents=True, exist_ok=True)
    partner_rows = []
    partner_zip = {}
    for (
        pid,
        name,
        sector,
        street_given,
        city_given,
        zip_given,
        placement,
        conf,
        langs,
        pops,
    ) in PARTNERS:
        street, city, zip_code = street_given, city_given, zip_given
        assert s.SECTORS.match(sector) == sector, sector
        state = "PA"
        lat = lon = ""
        if placement == "coords":
            point = gaz.zip_point(zip_code)
            assert point, zip_code
            lat = f"{point[0] + rng.uniform(-0.008, 0.008):.5f}"
            lon = f"{point[1] + rng.uniform(-0.008, 0.008):.5f}"
        if placement == "zip":
            city, street = city if conf else "", ""
            state = "PA" if conf else ""
        if placement == "city":
            zip_code = ""
        if zip_code:
            assert gaz.zip_point(zip_code), zip_code
        draw = rng if int(pid[1:]) <= FIRST_DRAWN else random.Random(pid)
        first, last = draw.choice(CONTACT_FIRST), draw.choice(CONTACT_LAST)
        partner_zip[pid] = zip_code
        partner_rows.append(
            {
                s.PARTNER_ID: pid,
                s.NAME: name,
                s.SECTOR: sector,
                s.ADDRESS: street,
                s.CITY: city,
                s.STATE: state,
                s.ZIP: zip_code,
                s.LATITUDE: lat,
                s.LONGITUDE: lon,
                s.CONFIDENTIAL: "true" if conf else "false",
                s.CONTACT_NAME: f"{first} {last}",
                s.CONTACT_EMAIL: f"{first.lower()}.{last.lower()}@{_slug(name)}.example.org",
                s.PHONE: f"412-555-01{int(pid[1:]):02d}",
                s.WEBSITE: f"https://{_slug(name)}.example.org",
                s.LANGUAGES: langs,
                s.POPULATIONS: pops,
                s.EXPERTISE: EXPERTISE.get(pid, ""),
                s.FUNDS: FUNDS.get(pid, ""),
                s.SUCCESSES: SUCCESSES.get(pid, ""),
                s.BARRIERS: BARRIERS.get(pid, ""),
                s.NOTES: "Confidential location: shown at ZIP-code level only." if conf else "",
            }
        )

    service_rows = []
    number = 0
    for pid, items in SERVICES.items():
        partner = next(p for p in PARTNERS if p[0] == pid)
        for category, name, extra in items:
            assert s.CATEGORIES.match(category) == category, category
            number += 1
            row = dict.fromkeys(s.SERVICES_SPEC.column_names, "")
            row.update(
                {
                    s.SERVICE_ID: f"S{number:03d}",
                    s.PARTNER_ID: pid,
                    s.CATEGORY: category,
                    s.NAME: name,
                }
            )
            if "zip" in extra:  # offered at another site of the partner
                z = str(extra["zip"])
                point = gaz.zip_point(z)
                assert point, z
                row.update(
                    {
                        s.CITY: str(gaz.zips.loc[z, "city"]).title(),
                        s.STATE: "PA",
                        s.ZIP: z,
                        s.CONFIDENTIAL: "false",
                    }
                )
            if "radius" in extra:
                row[s.RADIUS] = str(extra["radius"])
            row[s.LANGUAGES] = str(extra.get("languages", partner[8]))
            row[s.POPULATIONS] = str(extra.get("populations", partner[9]))
            row[s.TRAUMA_INFORMED] = (
                "true" if pid in TRAUMA_INFORMED else ("false" if rng.random() < 0.6 else "")
            )
            row[s.COST] = "Free" if rng.random() < 0.8 else "Sliding scale"
            if "capacity" in extra:
                row[s.CAPACITY] = str(extra["capacity"])
            service_rows.append(row)

    rel_rows = [
        {
            s.SOURCE_ID: a,
            s.TARGET_ID: b,
            s.LEVEL: level,
            s.REL_TYPE: kind,
            s.TRUST: str(trust),
            s.SINCE: since,
            s.NOTES: note,
        }
        for a, b, level, kind, trust, since, note in RELATIONSHIPS
    ]

    for spec, rows in (
        (s.PARTNERS_SPEC, partner_rows),
        (s.SERVICES_SPEC, service_rows),
        (s.RELATIONSHIPS_SPEC, rel_rows),
    ):
        with open(OUT / spec.name, "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(spec.column_names), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    print(
        f"{len(partner_rows)} partners, {len(service_rows)} services, "
        f"{len(rel_rows)} relationships -> {OUT}"
    )


if __name__ == "__main__":
    main()

"""Every widget key and session-state key, in one place.

Keys are snake_case and prefixed by their page; tests find widgets by these keys.
"""

from __future__ import annotations

# ---------------------------------------------------------------- shared (app.py)
SESSION_STARTED = "session_started"  # session state: this session has run once

# ---------------------------------------------------------------- home
HOME_PROBLEM_SEVERITY = "home_problem_severity"

# ---------------------------------------------------------------- data: upload
DATA_UPLOAD = "data_upload"
DATA_UPLOAD_MODE = "data_upload_mode"
DATA_UPLOAD_ROLE_PREFIX = "data_upload_role_"  # + table index
DATA_UPLOAD_SECTOR_DEFAULT = "data_upload_sector_default"
DATA_UPLOAD_COMMIT = "data_upload_commit"
DATA_UPLOAD_RESULT = "data_upload_result"  # session state: message of the last load

# ---------------------------------------------------------------- data: problem report
DATA_PROBLEMS_SEVERITY = "data_problems_severity"
DATA_PROBLEMS_FILE = "data_problems_file"
DATA_PROBLEMS_KIND = "data_problems_kind"
DATA_PROBLEMS_SEARCH = "data_problems_search"
DATA_REJECTED_EDITOR_PREFIX = "data_rejected_editor_"  # + file
DATA_REJECTED_RETRY_PREFIX = "data_rejected_retry_"  # + file

# ---------------------------------------------------------------- data: edit in place
DATA_EDIT_FILE = "data_edit_file"
DATA_EDITOR_PREFIX = "data_editor_"  # + file
DATA_EDIT_SAVE = "data_edit_save"
DATA_EDIT_RESULT = "data_edit_result"  # session state

# ---------------------------------------------------------------- data: organization form
ORG_PICK = "org_pick"
ORG_NAME = "org_name"
ORG_ID = "org_id"
ORG_SECTOR = "org_sector"
ORG_ADDRESS = "org_address"
ORG_CITY = "org_city"
ORG_STATE = "org_state"
ORG_ZIP = "org_zip"
ORG_CONFIDENTIAL = "org_confidential"
ORG_CONTACT_NAME = "org_contact_name"
ORG_CONTACT_EMAIL = "org_contact_email"
ORG_PHONE = "org_phone"
ORG_WEBSITE = "org_website"
ORG_LANGUAGES = "org_languages"
ORG_POPULATIONS = "org_populations"
ORG_NOTES = "org_notes"
ORG_SERVICE_COUNT = "org_service_count"  # session state
ORG_ADD_SERVICE = "org_add_service"
ORG_SERVICE_PREFIX = "org_service_"  # + f"{i}_{field}"
ORG_PARTNERS = "org_partners"
ORG_REL_PREFIX = "org_rel_"  # + f"{partner_id}_{field}"
ORG_SUBMIT = "org_submit"
ORG_RESULT = "org_result"  # session state
ORG_LOADED_FOR = "org_loaded_for"  # session state: which partner the form was filled from

# ---------------------------------------------------------------- data: download and history
DATA_DOWNLOAD_CONTACTS = "data_download_contacts"
DATA_DOWNLOAD_ZIP = "data_download_zip"
DATA_TEMPLATES_ZIP = "data_templates_zip"
DATA_TEMPLATES_XLSX = "data_templates_xlsx"
DATA_PROBLEMS_CSV = "data_problems_csv"
DATA_UNDO = "data_undo"
DATA_RESTORE_PICK = "data_restore_pick"
DATA_RESTORE = "data_restore"
DATA_RESET_SAMPLE = "data_reset_sample"
DATA_START_EMPTY = "data_start_empty"
DATA_CONFIRM_EMPTY = "data_confirm_empty"
DATA_HISTORY_RESULT = "data_history_result"  # session state

# ---------------------------------------------------------------- gaps (coverage)
GAPS_COUNTIES = "gaps_counties"  # bound to the URL
GAPS_CATEGORIES = "gaps_categories"  # bound to the URL
GAPS_BY = "gaps_by"  # bound to the URL: county or ZIP area
GAPS_FOCUS = "gaps_focus"  # bound to the URL: the category whose distances are shown
GAPS_POPULATION_GROUPS = "gaps_population_groups"
GAPS_RADII_EDITOR = "gaps_radii_editor"
GAPS_RADII_SAVE = "gaps_radii_save"
GAPS_RADII_RESET = "gaps_radii_reset"
GAPS_RADII_RESULT = "gaps_radii_result"  # session state: message of the last save
GAPS_DOWNLOAD = "gaps_download"

# ---------------------------------------------------------------- relationships (network)
RELATIONSHIPS_FOCUS = "relationships_focus"  # bound to the URL: a partner_id
RELATIONSHIPS_METRIC = "relationships_metric"  # bound to the URL
RELATIONSHIPS_CROSS_SECTOR = "relationships_cross_sector"
# ---------------------------------------------------------------- recommendation
RECOMMEND_TAB = "recommend_tab"  # bound to the URL: a link opens the same tab
# One widget per question of mapping.recommend.QUESTIONS: "recommend_" + answer key.
RECOMMEND_GOAL = "recommend_goal"
RECOMMEND_KNOWS_COMMUNITY_NEEDS = "recommend_knows_community_needs"
RECOMMEND_COMMUNICATION_AGREEMENT = "recommend_communication_agreement"
RECOMMEND_SHARES_RESOURCES = "recommend_shares_resources"
RECOMMEND_EXCHANGES_INFORMATION = "recommend_exchanges_information"
RECOMMEND_TRUST = "recommend_trust"
RECOMMEND_NAMED_LEADS = "recommend_named_leads"
RECOMMEND_SHARED_MISSION = "recommend_shared_mission"
RECOMMEND_DEFINED_ROLES = "recommend_defined_roles"
RECOMMEND_WRITTEN_AGREEMENT = "recommend_written_agreement"
RECOMMEND_SHARED_DECISIONS = "recommend_shared_decisions"
RECOMMEND_PARTNER_COUNT = "recommend_partner_count"
RECOMMEND_LEAD_FUNDING = "recommend_lead_funding"
RECOMMEND_EQUITY_PRIORITY = "recommend_equity_priority"
RECOMMEND_QUESTION_WIDGETS = {
    "goal": RECOMMEND_GOAL,
    "knows_community_needs": RECOMMEND_KNOWS_COMMUNITY_NEEDS,
    "communication_agreement": RECOMMEND_COMMUNICATION_AGREEMENT,
    "shares_resources": RECOMMEND_SHARES_RESOURCES,
    "exchanges_information": RECOMMEND_EXCHANGES_INFORMATION,
    "trust": RECOMMEND_TRUST,
    "named_leads": RECOMMEND_NAMED_LEADS,
    "shared_mission": RECOMMEND_SHARED_MISSION,
    "defined_roles": RECOMMEND_DEFINED_ROLES,
    "written_agreement": RECOMMEND_WRITTEN_AGREEMENT,
    "shared_decisions": RECOMMEND_SHARED_DECISIONS,
    "partner_count": RECOMMEND_PARTNER_COUNT,
    "lead_funding": RECOMMEND_LEAD_FUNDING,
    "equity_priority": RECOMMEND_EQUITY_PRIORITY,
}
RECOMMEND_PARTNERSHIP = "recommend_partnership"  # the partnership's name, for the notes
RECOMMEND_SAVE = "recommend_save"
RECOMMEND_LOAD_SAVED = "recommend_load_saved"
RECOMMEND_RESET = "recommend_reset"
RECOMMEND_MARKDOWN = "recommend_markdown"
RECOMMEND_DOCX = "recommend_docx"
RECOMMEND_READINESS_CHART = "recommend_readiness_chart"
RECOMMEND_PAIRS_CHART = "recommend_pairs_chart"
RECOMMEND_PAIRS_SHOW = "recommend_pairs_show"  # bound to the URL
RECOMMEND_PAIRS_PARTNER = "recommend_pairs_partner"  # bound to the URL
RECOMMEND_PAIRS_TABLE = "recommend_pairs_table"
RECOMMEND_ANSWERS = "recommend_answers"  # session state: the answers dict (kept across pages)
RECOMMEND_PREFILL = "recommend_prefill"  # session state: {answer key: Prefill}
RECOMMEND_NAME = "recommend_name"  # session state: the partnership's name (kept across pages)
RECOMMEND_ORIGIN = "recommend_origin"  # session state: where the answers came from, in words
RECOMMEND_RESULT = "recommend_result"  # session state: message of the last save or reload

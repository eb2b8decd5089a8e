"""Every widget key and session-state key, in one place.

Keys are snake_case and prefixed by their page; tests find widgets by these keys.
"""

from __future__ import annotations

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
ORG_EXPERTISE = "org_expertise"  # issue 17: what the organization brings and has lived
ORG_FUNDS = "org_funds"
ORG_SUCCESSES = "org_successes"
ORG_BARRIERS = "org_barriers"
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
# One widget per question of mapping.partnership.recommend.QUESTIONS: "recommend_" + answer key.
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

# ---------------------------------------------------------------- data: import (HSDS, Kumu)
DATA_TAB = "data_tab"  # the Data page's tabs (in the URL, so a link opens the same tab)
IMPORT_UPLOAD_PREFIX = "import_upload_"  # + round: a new uploader after each import
IMPORT_UPLOAD_ROUND = "import_upload_round"  # session state
IMPORT_FORMAT = "import_format"
IMPORT_SIGNATURE = "import_signature"  # session state: which files the format was guessed for
IMPORT_MODE = "import_mode"
IMPORT_TERMS = "import_terms"  # data editor of taxonomy terms -> categories
IMPORT_DEFAULT_CATEGORY = "import_default_category"
IMPORT_DEFAULT_SECTOR = "import_default_sector"
IMPORT_DEFAULT_LEVEL = "import_default_level"
IMPORT_PROBLEM_KIND = "import_problem_kind"
IMPORT_COMMIT = "import_commit"
IMPORT_RESULT = "import_result"  # session state: message of the last import
IMPORT_SAVED_MAP = "import_saved_map"  # data editor of the saved term mapping
IMPORT_SAVE_MAP = "import_save_map"

# ---------------------------------------------------------------- data: export for other tools
EXPORT_HSDS = "data_export_hsds"
EXPORT_KUMU = "data_export_kumu"

# ---------------------------------------------------------------- meeting room: every page
# Presentation mode lives in the URL as ?present=1 (kept there across page switches by
# ui.presentation.sync_from_url); the toggle itself is not bound to the URL.
PRESENT_TOGGLE = "present_toggle"
PRESENTING = "present_on"  # session state: the mode this session is in
ACCESS_ROLE = "access_role"  # session state (server side only): role granted by sign-in
ACCESS_FORM = "access_form"
ACCESS_PASSCODE = "access_passcode"
ACCESS_SIGN_IN = "access_sign_in"
ACCESS_SIGN_OUT = "access_sign_out"
ACCESS_LOGIN = "access_login"  # OIDC (st.login)
ACCESS_RESULT = "access_result"  # session state: message of the last sign-in attempt

# ---------------------------------------------------------------- data: tabs, submissions, sharing
ORG_SUBMITTED_BY = "org_submitted_by"
DATA_SUBMISSION_NOTE_PREFIX = "data_submission_note_"  # + submission id
DATA_SUBMISSION_APPROVE_PREFIX = "data_submission_approve_"  # + submission id
DATA_SUBMISSION_REJECT_PREFIX = "data_submission_reject_"  # + submission id
DATA_SUBMISSION_RESULT = "data_submission_result"  # session state
DATA_SHARE_CONTACTS = "data_share_contacts"
DATA_SHARE_SAVE = "data_share_save"
DATA_CLEAR_LOCKOUTS = "data_clear_lockouts"
DATA_SHARE_RESULT = "data_share_result"  # session state

# ---------------------------------------------------------------- decide (Gradients of Agreement)
DECIDE_PROPOSAL = "decide_proposal"  # bound to the URL: the proposal shown
DECIDE_DEVICE = "decide_device"  # the device-token component
DECIDE_VOTER = "decide_voter"  # session state: this device's voting token
DECIDE_NEW_FORM = "decide_new_form"
DECIDE_NEW_TITLE = "decide_new_title"
DECIDE_NEW_DETAILS = "decide_new_details"
DECIDE_NEW_SUBMIT = "decide_new_submit"
DECIDE_VOTE_FORM_PREFIX = "decide_vote_form_"  # + proposal id
DECIDE_VOTE_POINT_PREFIX = "decide_vote_point_"  # + proposal id
DECIDE_VOTE_NAME_PREFIX = "decide_vote_name_"  # + proposal id
DECIDE_VOTE_SUBMIT_PREFIX = "decide_vote_submit_"  # + proposal id
DECIDE_REVEAL_PREFIX = "decide_reveal_"  # + proposal id
DECIDE_OUTCOME_PREFIX = "decide_outcome_"  # + proposal id
DECIDE_OUTCOME_NOTE_PREFIX = "decide_outcome_note_"  # + proposal id
DECIDE_CLOSE_PREFIX = "decide_close_"  # + proposal id
DECIDE_HISTORY_CSV = "decide_history_csv"
DECIDE_VOTES_CSV = "decide_votes_csv"
DECIDE_RESULT = "decide_result"  # session state

# ---------------------------------------------------------------- kickoff
KICKOFF_MEETING = "kickoff_meeting"  # bound to the URL: the meeting shown
KICKOFF_TAB = "kickoff_tab"  # bound to the URL: the open tab
KICKOFF_NEW_TITLE = "kickoff_new_title"
KICKOFF_NEW_DATE = "kickoff_new_date"
KICKOFF_NEW_PARTNERS = "kickoff_new_partners"
KICKOFF_NEW_GUESTS = "kickoff_new_guests"
KICKOFF_NEW_SECONDS = "kickoff_new_seconds"
KICKOFF_NEW_SUBMIT = "kickoff_new_submit"
KICKOFF_NEW_FORM = "kickoff_new_form"
KICKOFF_START = "kickoff_start"
KICKOFF_PAUSE = "kickoff_pause"
KICKOFF_NEXT = "kickoff_next"
KICKOFF_PREVIOUS = "kickoff_previous"
KICKOFF_NEXT_QUESTION = "kickoff_next_question"
KICKOFF_PREVIOUS_QUESTION = "kickoff_previous_question"
KICKOFF_NOTE_FORM = "kickoff_note_form"
KICKOFF_NOTE_TEXT = "kickoff_note_text"
KICKOFF_NOTE_AUTHOR = "kickoff_note_author"
KICKOFF_NOTE_ADD = "kickoff_note_add"
KICKOFF_NOTE_DELETE_PREFIX = "kickoff_note_delete_"  # + note id
KICKOFF_SETUP_FORM = "kickoff_setup_form"
KICKOFF_SETUP_ATTENDEES = "kickoff_setup_attendees"  # + _meeting id (so are the next three)
KICKOFF_SETUP_QUESTIONS = "kickoff_setup_questions"
KICKOFF_SETUP_AGREEMENTS = "kickoff_setup_agreements"
KICKOFF_SETUP_SECONDS = "kickoff_setup_seconds"
KICKOFF_SETUP_SAVE = "kickoff_setup_save"
KICKOFF_MINUTES_MD = "kickoff_minutes_md"
KICKOFF_NOTES_CSV = "kickoff_notes_csv"
KICKOFF_RESULT = "kickoff_result"  # session state

# ---------------------------------------------------------------- map
MAP_SECTORS = "map_sectors"
MAP_CATEGORIES = "map_categories"
MAP_LANGUAGES = "map_languages"
MAP_POPULATIONS = "map_populations"
MAP_AREAS = "map_areas"  # start with the service-area circles on
MAP_GAP_CATEGORY = "map_gap_category"  # draw the coverage gaps of this category
MAP_WEIGHT = "map_weight"  # count the gap layer's people by residents or a need layer
MAP_COMPONENT = "map_component"  # the st_folium map
MAP_DETAIL = "map_detail"  # partner whose details show beside the map
MAP_CLICKED = "map_clicked"  # session state: (kind, id) of the last point clicked
MAP_TABLE = "map_table"
MAP_FIX_PREFIX = "map_fix_"  # + file: editor of rows to correct
MAP_FIX_SAVE_PREFIX = "map_fix_save_"  # + file
MAP_FIX_RESULT = "map_fix_result"  # session state
MAP_GEO_ONLINE = "map_geo_online"
MAP_GEO_PROVIDER = "map_geo_provider"
MAP_GEO_AGENT = "map_geo_agent"
MAP_GEO_TIMEOUT = "map_geo_timeout"
MAP_GEO_DOMAIN = "map_geo_domain"
MAP_GEO_SAVE = "map_geo_save"
MAP_GEO_START = "map_geo_start"
MAP_GEO_STOP = "map_geo_stop"
MAP_GEO_FORGET = "map_geo_forget"
MAP_GEO_RESULT = "map_geo_result"  # session state

# ---------------------------------------------------------------- keep it going: trauma-informed
TRAUMA_VIEW = "trauma_view"  # bound to the URL: whose results are shown
TRAUMA_TAB = "trauma_tab"  # bound to the URL: the open tab
TRAUMA_COMPARE = "trauma_compare"  # bound to the URL: the earlier date to compare with
TRAUMA_SUBJECT = "trauma_subject"  # who the form is filled in for
TRAUMA_FORM = "trauma_form"
TRAUMA_DATE = "trauma_date"
TRAUMA_BY = "trauma_by"
TRAUMA_NOTE = "trauma_note"
TRAUMA_RATING_PREFIX = "trauma_rating_"  # + statement key
TRAUMA_SUBMIT = "trauma_submit"
TRAUMA_DELETE_PICK = "trauma_delete_pick"
TRAUMA_DELETE = "trauma_delete"
TRAUMA_CSV = "trauma_csv"
TRAUMA_RESULT = "trauma_result"  # session state: message of the last save or delete
TRAUMA_MINE = "trauma_mine"  # session state: ids of the assessments this session saved

# ---------------------------------------------------------------- keep it going: sustainability
SUSTAIN_TAB = "sustain_tab"  # bound to the URL: the open tab
SUSTAIN_PARTNER = "sustain_partner"  # bound to the URL: "what if this partner leaves"
SUSTAIN_SUBJECT = "sustain_subject"  # who the checklist is filled in for
SUSTAIN_FORM = "sustain_form"
SUSTAIN_DATE = "sustain_date"
SUSTAIN_BY = "sustain_by"
SUSTAIN_NOTE = "sustain_note"
SUSTAIN_ITEM_PREFIX = "sustain_item_"  # + checklist item key
SUSTAIN_SUBMIT = "sustain_submit"
SUSTAIN_DELETE_PICK = "sustain_delete_pick"
SUSTAIN_DELETE = "sustain_delete"
SUSTAIN_CSV = "sustain_csv"
SUSTAIN_RISKS_CSV = "sustain_risks_csv"
SUSTAIN_RESULT = "sustain_result"  # session state
SUSTAIN_MINE = "sustain_mine"  # session state: ids of the checklists this session saved

# ---------------------------------------------------------------- keep it going: agreement (MOU)
AGREEMENT_TAB = "agreement_tab"  # bound to the URL: the open tab
AGREEMENT_PARTNERSHIP = "agreement_partnership"
AGREEMENT_PARTIES = "agreement_parties"
# + field name (mapping.partnership.agreement.TEXT_FIELDS)
AGREEMENT_FIELD_PREFIX = "agreement_field_"
AGREEMENT_EFFECTIVE = "agreement_effective"
AGREEMENT_REVIEW = "agreement_review"
AGREEMENT_ROLES = "agreement_roles"  # data editor: each party's role and signatory
AGREEMENT_SAVE = "agreement_save"
AGREEMENT_LOAD_SAVED = "agreement_load_saved"
AGREEMENT_RESET = "agreement_reset"
AGREEMENT_DOCX = "agreement_docx"
AGREEMENT_MARKDOWN = "agreement_markdown"
AGREEMENT_DRAFT = "agreement_draft"  # session state: the draft as last seen on screen
AGREEMENT_ROLES_BASE = "agreement_roles_base"  # session state: the parties the editor started from
AGREEMENT_ORIGIN = "agreement_origin"  # session state: where the draft came from, in words
AGREEMENT_RESULT = "agreement_result"  # session state

# ---------------------------------------------------------------- keep it going: meeting report
REPORT_PARTNERSHIP = "report_partnership"
REPORT_SECTIONS = "report_sections"
REPORT_MEETING = "report_meeting"
REPORT_CONTACTS = "report_contacts"
REPORT_DOWNLOAD = "report_download"

# ---- issue 16: flat 211 exports and column recipes (Data > Import)
IMPORT_DIRECTORY_TERMS = "import_directory_terms"  # data editor: terms of a directory export
IMPORT_INCLUDE_HIDDEN = "import_include_hidden"  # load records hidden from the public website
IMPORT_RECIPE_TABLE = "import_recipe_table"  # which table of the upload the recipe reads
IMPORT_RECIPE_UPLOAD = "import_recipe_upload"  # a shared recipe file (.json)
IMPORT_RECIPE_SHARED = "import_recipe_shared"  # session state: the shared file last applied
IMPORT_RECIPE_CHOICE = "import_recipe_choice"  # the recipe the form starts from
IMPORT_RECIPE_FIELD_PREFIX = "import_recipe_field_"  # + round + "_" + target: its columns
IMPORT_RECIPE_RULES_PREFIX = "import_recipe_rules_"  # + round + targets: split, trim, join
IMPORT_RECIPE_NAME_PREFIX = "import_recipe_name_"  # + round
IMPORT_RECIPE_ROUND = "import_recipe_round"  # session state: a fresh form per starting recipe
IMPORT_RECIPE_BASE = "import_recipe_base"  # session state: what the form was filled from
IMPORT_RECIPE_SAVE = "import_recipe_save"
IMPORT_RECIPE_DOWNLOAD = "import_recipe_download"
IMPORT_RECIPE_RESULT = "import_recipe_result"  # session state: message after saving
# ---- issue 16: real directories come in whole (part A)
IMPORT_UNCATEGORISED_TERMS = "import_uncategorised_terms"  # data editor: term -> category
IMPORT_UNCATEGORISED_APPLY = "import_uncategorised_apply"
IMPORT_UNCATEGORISED_RESULT = "import_uncategorised_result"  # session state: say/flash
IMPORT_FAR_FROM_ZIP = "import_far_from_zip"  # table of coordinates far from their ZIP
# ---- issue 13: nothing lost, nothing stale
# session state: (status, revealed) of each proposal when the whole Decide page last ran;
# the live fragment reruns the page when it sees another, so the record below is current
DECIDE_RECORD_SEEN = "decide_record_seen"
DECIDE_RECORD_STALE = "decide_record_stale"  # session state: this session just changed it
DATA_REPLACE_KEEP = "data_replace_keep"  # what saved work a Replace keeps (multiselect)
DATA_IMPORT_REPLACE_KEEP = "data_import_replace_keep"
WORKSPACE_SEEN = "workspace_seen"  # session state: the workspace this session's drafts are for
# Session state of these pages is work in progress for one workspace: forgotten when the
# workspace changes (a Replace, or History going back to another workspace). Views (tabs)
# and this device's voting token stay.
PER_WORKSPACE_PREFIXES = ("recommend_", "agreement_", "report_", "kickoff_", "trauma_", "sustain_")
PER_WORKSPACE_KEYS = (DECIDE_PROPOSAL, DECIDE_RECORD_SEEN, GAPS_RADII_EDITOR)
DATA_FIX_RESULT = "data_fix_result"  # session state: the result of loading fixed rows
# ---- issue 18: gaps in people (residents, need layers, where to add a provider)
GAPS_WEIGHT = "gaps_weight"  # bound to the URL: which layer weighs the gaps
GAPS_NEED_FILE = "gaps_need_file"
GAPS_NEED_NAME = "gaps_need_name"
GAPS_NEED_VALUE = "gaps_need_value"
GAPS_NEED_SAVE = "gaps_need_save"
GAPS_NEED_PICK = "gaps_need_pick"
GAPS_NEED_REMOVE = "gaps_need_remove"
GAPS_NEED_RESULT = "gaps_need_result"  # session state: message of the last save or removal
GAPS_SITE_CATEGORY = "gaps_site_category"  # bound to the URL
GAPS_SITE_FROM = "gaps_site_from"  # bound to the URL: partner sites or ZIP centres
GAPS_SITE_COUNT = "gaps_site_count"  # bound to the URL
# ---- issue 14: the meeting room at 1280x720 (remembered sign-ins, reclaiming a name)
ACCESS_TOKEN = "access_token"  # session state (server side): this device's remembered sign-in
ACCESS_STORED = "access_stored"  # session state: the sign-in token the browser reported
ACCESS_FORGET = "access_forget"  # session state: tell the browser to drop its sign-in token
ACCESS_REVOKE_ALL = "access_revoke_all"  # facilitator: sign out every remembered device
DECIDE_RELEASE_PREFIX = "decide_release_"  # + proposal id: facilitator frees a voter's name
DECIDE_RELEASE_NAME_PREFIX = "decide_release_name_"  # + proposal id: which name
# ---- issue 17: every partner's voice and the guide, point by point
DECIDE_RULE = "decide_rule"  # the group's decision rule (facilitator only)
RECOMMEND_PARTNER_FORM = "recommend_partner_form"
RECOMMEND_PARTNER_ORG = "recommend_partner_org"  # the organization answering for itself
RECOMMEND_PARTNER_Q_PREFIX = "recommend_partner_q_"  # + question key
RECOMMEND_PARTNER_SUBMIT = "recommend_partner_submit"
RECOMMEND_PARTNER_ANONYMOUS = "recommend_partner_anonymous"  # facilitator: hide names
RECOMMEND_PARTNER_RESULT = "recommend_partner_result"  # session state: message
RECOMMEND_PARTNER_CHART = "recommend_partner_chart"
RELATIONSHIPS_CHANGE_FROM = "relationships_change_from"  # bound to the URL: a moment's label
RELATIONSHIPS_CHANGE_TO = "relationships_change_to"  # bound to the URL
RELATIONSHIPS_SNAPSHOT_NAME = "relationships_snapshot_name"
RELATIONSHIPS_SNAPSHOT_SAVE = "relationships_snapshot_save"
RELATIONSHIPS_SNAPSHOT_RESULT = "relationships_snapshot_result"  # session state: message
RELATIONSHIPS_CHANGE_CHART = "relationships_change_chart"
RELATIONSHIPS_RATE_FORM = "relationships_rate_form"
RELATIONSHIPS_RATE_RATER = "relationships_rate_rater"
RELATIONSHIPS_RATE_OTHER = "relationships_rate_other"
RELATIONSHIPS_RATE_LEVEL = "relationships_rate_level"
RELATIONSHIPS_RATE_DIM_PREFIX = "relationships_rate_dim_"  # + dimension key
RELATIONSHIPS_RATE_SUBMIT = "relationships_rate_submit"
RELATIONSHIPS_RATE_RESULT = "relationships_rate_result"  # session state: message
DECIDE_VOTE_REASON_PREFIX = "decide_vote_reason_"  # + proposal id: the optional reason
DECIDE_VOTE_PARTNER_PREFIX = "decide_vote_partner_"  # + proposal id: representative mode
DECIDE_OPTIONS_FORM_PREFIX = "decide_options_form_"  # + proposal id (facilitator)
DECIDE_OPTIONS_REPRESENTATIVE_PREFIX = "decide_options_representative_"  # + proposal id
DECIDE_OPTIONS_UNTIL_DATE_PREFIX = "decide_options_until_date_"  # + proposal id
DECIDE_OPTIONS_UNTIL_TIME_PREFIX = "decide_options_until_time_"  # + proposal id
DECIDE_OPTIONS_SAVE_PREFIX = "decide_options_save_"  # + proposal id
# issue 17: organization form answers
ORG_ANSWER_Q_PREFIX = "org_answer_q_"  # + question key: the organization's own answers

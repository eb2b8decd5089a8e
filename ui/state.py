"""Every widget key and session-state key, in one place.

Keys are snake_case and prefixed by their page; tests find widgets by these keys.
"""

from __future__ import annotations

# ---------------------------------------------------------------- shared (app.py sidebar)
SIDEBAR_UNDO = "sidebar_undo"

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

# ---------------------------------------------------------------- map
MAP_SECTORS = "map_sectors"
MAP_CATEGORIES = "map_categories"
MAP_LANGUAGES = "map_languages"
MAP_POPULATIONS = "map_populations"
MAP_AREAS = "map_areas"  # start with the service-area circles on
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

"""The data layer: the contract (schema), reading and checking files, the workspace and its
versions, exports, stakeholder submissions and approvals, the sample community.

The bottom layer: it imports no other subpackage of ``mapping``."""

"""The Data page's tabs: files (upload, problem report, edit, download, history), importing
(HSDS and Kumu), the organization form, and sharing (submissions and settings)."""

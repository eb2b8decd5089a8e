"""Other formats in and out: Open Referral HSDS, Kumu, 211-style flat exports, the
taxonomy crosswalk, and reading one-line addresses."""

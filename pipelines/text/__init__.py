"""The clean text of a report, and the check that it was decoded right (mojibake)."""

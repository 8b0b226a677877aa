"""One date format per language (FORMAT_MODULE_PATH): Vietnamese pages write 25/11/2026, English
pages 25 November 2026; both with the 24-hour clock, as the ministry's own documents do."""

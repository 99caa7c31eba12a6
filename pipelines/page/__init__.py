"""The parsed page: its tree, cleaned of scripts, hidden content and spam; its body and blocks."""

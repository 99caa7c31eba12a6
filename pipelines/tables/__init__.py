"""The statistics tables of a report as tidy cells, with the arithmetic the forms promise."""

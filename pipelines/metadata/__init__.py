"""Report metadata: title, agency, region, year, dates and numbers, from the parsed page."""

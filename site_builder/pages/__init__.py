"""The site model and its pages: the records as the site sees them, which pages they make,
and those pages rendered in each language."""

"""What the site offers beside its pages, each from the model: feeds and calendars, charts,
open data and 360Giving grants, PDF guides and the budget workbook, sitemaps, search indexes."""

"""The pages: the plans rendered to HTML in each language (render), drawn into the theme's
layout (shells, material_markup), with what a record page says to machines (structured), the
success stories and a call's eligibility checker."""

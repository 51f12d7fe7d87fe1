"""Turn the portal's data (data/) and pages (content/) into the public site.

Stages, one module each: sources (bytes to text) → yamlfile / tables (text to values with line
numbers) → records (JSON Schema) → crossref (checks across files) → validate (one report).
Only the MkDocs plugin imports MkDocs.
"""

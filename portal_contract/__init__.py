"""The contract between the portal's two halves, beside the schemas in data/: what the site
builder and the forms service must agree on, written once.

- languages: the portal's languages, their direction, CLDR locale, PDF font and fallback order;
- places: the countries (ISO 3166-1, without CLDR's regions and test codes) and the consular
  posts' jurisdictions;
- eligibility: a call's conditions, their wording in every language, and how answers meet them
  (the service checks them, the call pages show them and their script applies them);
- the data package: datapackage.json and the JSON Schemas it names (datapackage, schemas), YAML
  read with the line of every value (yamlfile, sources), and a problem said with its file,
  line and field (problems);
- git: running git on the data repository, always with a time limit;
- origin: the public address every absolute URL starts with;
- collation: names in the alphabetical order of each language's readers.

Both halves import this package; it imports neither of them.
"""

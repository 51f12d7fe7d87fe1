"""Reading and validating data/: records against their JSON Schemas, tables against their
Table Schemas, the dataset they make, and the checks across records (the file formats and the
problems' wording are the contract's: portal_contract)."""

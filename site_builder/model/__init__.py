"""The site model: the validated records as the site sees them (site), read once per build
(snapshot), and the pages they make (plan); with what every later stage writes with: each
language's formats and catalogs (i18n), French typography, the templates."""

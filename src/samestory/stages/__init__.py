"""Pipeline stages: thin wrappers that turn one record type into the next, with no executor inside."""

"""Program files: formats, the converter, located problems, references, the schema."""

"""Helpers every extractor shares and that import no extractor: token arrays
(`tokens`), dependency-tree readers (`syntax`), actor mentions and references
(`mentions`, `refs`), date mentions (`dates`) and the data folder (`data`)."""

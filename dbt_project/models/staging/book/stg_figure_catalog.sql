-- What each declared figure is (section, label, kind, unit, period), from the dataset specs.
{{ figure_catalog_rows() }}

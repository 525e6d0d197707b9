"""Placeholder until the export module lands."""


class ExportArchive:
    pass


def export_model(model, filepath, format="torch", verbose=True, input_signature=None, **kw):
    raise NotImplementedError

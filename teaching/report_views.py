"""The admin pages behind TeachingReadingAdmin: the report, its CSV, and the exports.
The admin has already checked that the reading is one of the user's groups'."""

import csv

from django.http import HttpResponse
from django.template.response import TemplateResponse

from . import export, report


def attachment(text, content_type, filename):
    response = HttpResponse(text, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def report_page(model_admin, request, reading):
    built = report.build(reading)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": f"Report: {reading.source.title} in {reading.group.name}",
        "opts": model_admin.opts,
        "reading": reading,
        "report": built,
        "columns": list(zip(built.questions, built.answer_counts, strict=True)),
    }
    return TemplateResponse(request, "admin/teaching/report.html", context)


class Echo:
    def write(self, value):
        return value


def report_csv(reading):
    rows = report.csv_rows(report.build(reading))
    writer = csv.writer(Echo())
    text = "".join(writer.writerow([export.spreadsheet_safe(str(cell)) for cell in row]) for row in rows)
    return attachment(text, "text/csv", f"{reading.group.slug}-{reading.source.slug}-report.csv")


def export_file(reading, fmt, include_hidden):
    text, content_type, extension = export.render(reading, fmt, include_hidden)
    return attachment(text, content_type, f"{reading.group.slug}-{reading.source.slug}.{extension}")

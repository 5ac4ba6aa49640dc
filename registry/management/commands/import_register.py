"""Import a bureau's existing register from a workbook (or a CSV of organizations)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from registry.import_files import error_report_csv, error_report_xlsx
from registry.services.register_import import drain_imported, register_import

SHOWN_PROBLEMS = 50


class Command(BaseCommand):
    help = _(
        "导入原有登记数据（社会组织、年检结果、评估等级、信用记录、负责人）；任何一行有错则不写入，除非 --skip-bad。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help=_(".xlsx 工作簿（按模板）或社会组织 .csv 文件"))
        parser.add_argument("--dry-run", action="store_true", help=_("只检查并报告，不写入"))
        parser.add_argument("--skip-bad", action="store_true", help=_("跳过有错误的行，导入其余各行"))
        parser.add_argument("--report", help=_("把逐行问题写入此文件（.xlsx 或 .csv）"))
        parser.add_argument("--no-index", action="store_true", help=_("不立即更新搜索索引（由定时任务处理队列）"))

    def handle(self, *args, file: str, dry_run: bool, skip_bad: bool, report: str | None, no_index: bool, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("找不到文件：%(path)s") % {"path": file})
        with tqdm(unit=_("行"), file=self.stderr, disable=None) as bar:
            result = register_import(
                data=path.read_bytes(), filename=path.name, dry_run=dry_run, skip_bad=skip_bad, progress=bar.update
            )
        for problem in (result.problems + result.warnings)[:SHOWN_PROBLEMS]:
            where = (
                _("%(sheet)s 第%(row)s行") % {"sheet": problem.sheet, "row": problem.row}
                if problem.row
                else problem.sheet
            )
            column = f" [{problem.column}]" if problem.column else ""
            self.stdout.write(f"{where}{column} {problem.value} → {problem.message}")
        if len(result.problems) > SHOWN_PROBLEMS:
            self.stdout.write(_("……共 %(n)d 个问题，完整列表见 --report。") % {"n": len(result.problems)})
        if report:
            problems = result.problems + result.warnings + result.notices
            data = error_report_csv(problems) if report.lower().endswith(".csv") else error_report_xlsx(problems)
            Path(report).write_bytes(data)
            self.stdout.write(_("问题报告已写入 %(path)s") % {"path": report})
        counts = result.counts
        self.stdout.write(
            _("组织：新增 %(created)d，更新 %(updated)d，无变化 %(unchanged)d；问题行 %(bad)d，重复行 %(dup)d。")
            % {
                "created": counts["created"],
                "updated": counts["updated"],
                "unchanged": counts["unchanged"],
                "bad": result.bad_rows,
                "dup": len(result.notices),
            }
        )
        if dry_run:
            self.stdout.write(_("试运行：未写入任何数据。"))
            return
        if not result.written:
            raise CommandError(
                _("有 %(n)d 行存在问题，未写入任何数据（可用 --skip-bad 跳过这些行）。") % {"n": result.bad_rows}
            )
        if result.organization_ids and not no_index:
            with tqdm(total=len(result.organization_ids), unit="org", file=self.stderr, disable=None) as bar:
                totals = drain_imported(result.organization_ids, progress=bar.update)
            if totals["failed"]:
                self.stdout.write(_("搜索索引暂不可用，更新已排队，将由定时任务重试。"))
        self.stdout.write(self.style.SUCCESS(_("导入完成。")))

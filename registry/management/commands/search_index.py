"""Maintain the search index of the register through the configured backend's `SearchBackend` interface."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _
from tqdm import tqdm

from registry.models import IndexTask, Organization
from registry.search.backends import get_backend
from registry.search.base import SearchBackend, SearchUnavailable
from registry.services.search_queue import drain_index_queue, enqueue_index
from registry.services.search_rebuild import (
    NothingToResume,
    RebuildInterrupted,
    default_workers,
    index_rebuild,
    public_organizations,
    unfinished_rebuild,
)


class Command(BaseCommand):
    help = _("重建搜索索引（新版本索引建好后切换别名）、处理索引更新队列或查看队列。")

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--rebuild", action="store_true", help=_("全量重建并切换别名，检索不中断"))
        group.add_argument("--drain", action="store_true", help=_("处理到期的索引更新任务"))
        group.add_argument("--status", action="store_true", help=_("显示索引更新队列的积压与错误"))
        group.add_argument("--check", action="store_true", help=_("对比数据库，报告索引中缺失、过时或多余的文档"))
        parser.add_argument("--force", action="store_true", help=_("与 --drain 同用：不等待退避时间"))
        parser.add_argument("--fix", action="store_true", help=_("与 --check 同用：把发现的问题排入更新队列"))
        parser.add_argument(
            "--resume", action="store_true", help=_("与 --rebuild 同用：从中断的重建的检查点继续，写入同一个新索引")
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help=_("与 --rebuild 同用：生成文档的工作进程数（默认为处理器核数；0 表示在本进程内）"),
        )

    def handle(self, *args, rebuild: bool, drain: bool, status: bool, check: bool, force: bool, fix: bool, **options):
        if status:
            return self.show_status()
        # The backend that keeps the index, also in `auto` mode while the cluster is down.
        backend = get_backend(fallback=False)
        if not backend.available(use_cache=False):
            raise CommandError(
                _("无法连接 %(backend)s（%(location)s），未做任何更改。")
                % {"backend": backend.label, "location": backend.location}
            )
        if options["resume"] and not rebuild:
            raise CommandError(_("--resume 只能与 --rebuild 同用。"))
        if rebuild and backend.resumable:
            return self.rebuild_resumable(backend, resume=options["resume"], workers=options["workers"])
        if rebuild:
            return self.rebuild(backend)
        if check:
            return self.check_index(backend, fix=fix)
        totals = {"done": 0, "failed": 0}
        while True:
            result = drain_index_queue(force=force)
            totals = {k: totals[k] + result[k] for k in totals}
            if result["done"] == 0 or result["failed"]:
                break
        self.stdout.write(_("已更新 %(done)d 个，失败 %(failed)d 个。") % totals)
        if totals["failed"]:
            raise CommandError(_("部分索引更新失败，已按退避策略排队重试。"))

    def rebuild(self, backend: SearchBackend):
        organizations = Organization.objects.exclude(uscc__isnull=True).select_related("jurisdiction")
        total = organizations.count()
        # Tasks queued before the rebuild are covered by it; later ones stay queued.
        covered = list(IndexTask.objects.values_list("pk", "version"))
        with tqdm(total=total, unit="org", file=self.stderr, disable=None) as bar:
            try:
                count = backend.rebuild(organizations=organizations.iterator(chunk_size=2000), progress=bar.update)
            except SearchUnavailable as exc:
                raise CommandError(_("重建索引失败，原索引保持不变：%(error)s") % {"error": exc}) from exc
        for pk, version in covered:
            IndexTask.objects.filter(pk=pk, version=version).delete()
        self.stdout.write(self.style.SUCCESS(_("已重建索引，共 %(n)d 个组织。") % {"n": count}))

    def rebuild_resumable(self, backend: SearchBackend, *, resume: bool, workers: int | None):
        workers = default_workers() if workers is None else workers
        if workers < 0:
            raise CommandError(_("工作进程数不能为负数。"))
        unfinished = unfinished_rebuild(backend) if resume else None
        total = public_organizations().count()
        done = unfinished.indexed if unfinished else 0
        with tqdm(total=total, initial=done, unit="org", file=self.stderr, disable=None) as bar:
            try:
                result = index_rebuild(backend=backend, resume=resume, workers=workers, progress=bar.update)
            except NothingToResume as exc:
                raise CommandError(_("没有可继续的未完成重建；请不带 --resume 重新开始。")) from exc
            except (SearchUnavailable, RebuildInterrupted) as exc:
                raise CommandError(
                    _("重建索引中断，检索仍使用原索引；已写入的部分已记录，用 --rebuild --resume 继续：%(error)s")
                    % {"error": exc}
                ) from exc
        if result.resumed_from:
            self.stdout.write(_("从组织ID %(pk)d 之后继续重建。") % {"pk": result.resumed_from})
        self.stdout.write(
            self.style.SUCCESS(
                _("已重建索引 %(index)s，共 %(n)d 个组织（%(workers)d 个工作进程）。")
                % {"index": result.target, "n": result.indexed, "workers": workers}
            )
        )

    def show_status(self):
        backlog = IndexTask.objects.count()
        failing = IndexTask.objects.filter(attempts__gt=0)
        self.stdout.write(_("队列积压：%(n)d；重试中：%(m)d") % {"n": backlog, "m": failing.count()})
        for task in failing.order_by("-attempts")[:20]:
            self.stdout.write(f"  {task.organization_id}  ×{task.attempts}  {task.last_error[:120]}")

    def check_index(self, backend: SearchBackend, *, fix: bool):
        register = dict(Organization.objects.exclude(uscc__isnull=True).values_list("pk", "updated_at"))
        try:
            report = backend.compare(register)
        except SearchUnavailable as exc:
            raise CommandError(_("无法读取索引：%(error)s") % {"error": exc}) from exc
        labels = {"missing": _("缺失"), "stale": _("过时"), "extra": _("多余")}
        for kind, ids in report.items():
            sample = " ".join(str(pk) for pk in ids[:10])
            self.stdout.write(f"{labels[kind]}: {len(ids)}  {sample}")
        if not any(report.values()):
            self.stdout.write(self.style.SUCCESS(_("索引与数据库一致（%(n)d 个组织）。") % {"n": len(register)}))
            return
        if fix:
            # Extra documents (an organization not public, or no longer in the register) are removed at once.
            backend.delete(report["extra"])
            with transaction.atomic():
                for pk in report["missing"] + report["stale"]:
                    enqueue_index(pk)
            self.stdout.write(
                _("已删除 %(extra)d 个多余文档，把 %(n)d 个组织排入索引更新队列。")
                % {"extra": len(report["extra"]), "n": len(report["missing"]) + len(report["stale"])}
            )
            return
        raise CommandError(_("索引与数据库不一致；用 --check --fix 排入更新队列，或 --rebuild 全量重建。"))

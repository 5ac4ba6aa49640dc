"""Certificate render time: cold, warm unsigned and signed, and a naive WeasyPrint render, as a markdown table.

The signed rows render and then sign with the bureau's key on a SoftHSM2 token (PKCS#11), set up in a
temporary directory, exactly as issuing does; unsigned and signed runs alternate so load on the machine
affects both alike.

Usage: .venv/bin/python bench/certificates.py [--runs 30]
"""

import argparse
import datetime
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

COLD_SNIPPET = """
import time, django
t0 = time.perf_counter()
django.setup()
from bench.certificates import sample_context
from registry.rendering import render_pdf
context = sample_context()
t1 = time.perf_counter()
render_pdf(context)
print(time.perf_counter() - t1)
"""

NAIVE_HTML = """<html><head><style>
@page {{ size: A4 landscape; margin: 15mm }}
body {{ font-family: 'Noto Serif CJK SC'; }} h1 {{ font-weight: bold; text-align: center }}
</style></head><body><h1>{title}</h1><p>{name}</p><p>统一社会信用代码：{uscc}</p><p>住所：{domicile}</p>
<p>业务范围：{scope}</p><p>登记管理机关：上海市闵行区民政局</p></body></html>"""


def sample_context(copy: str = "duplicate") -> dict:
    """A certificate context built without the database."""
    from registry.models import Certificate
    from registry.services.certificates import certificate_context

    certificate = Certificate(
        number="3101122026000123",
        kind="registration",
        copy=copy,
        issued_on=datetime.date(2026, 11, 24),
        valid_until=datetime.date(2031, 11, 23),
        token="0123456789abcdef0123456789abcdef",
        snapshot={
            "uscc": "51310112MJ0000123X",
            "name": "上海市闵行区青年志愿者协会",
            "org_type": "1",
            "domicile": "上海市闵行区莘庄镇莘松路100号",
            "legal_rep_name": "张伟",
            "business_scope": "组织志愿服务活动；开展志愿者培训、交流与表彰",
            "registration_basis": "直接登记（公益慈善类）",
            "activity_area": "上海市闵行区",
            "registered_funds_text": "50,000.00元",
            "authority_name": "上海市闵行区民政局",
            "jurisdiction_code": "310112",
            "grade": "",
            "grade_stars": "",
        },
    )
    return certificate_context(certificate)


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()

    signing_dir = tempfile.mkdtemp(prefix="bench-signing-")
    os.environ["REGISTRY_SIGNING_DIR"] = signing_dir
    os.environ["REGISTRY_SIGNING_BACKEND"] = "pkcs11"
    os.environ["SOFTHSM2_CONF"] = os.path.join(signing_dir, "softhsm2.conf")

    import django

    django.setup()
    from weasyprint import HTML

    from registry import signing
    from registry.rendering import render_certificate_pdf, render_pdf

    signing.setup_demo_keys([("310112", "上海市闵行区民政局")])

    def render_and_sign(context):
        pdf, box = render_certificate_pdf(context)
        return signing.sign_pdf(pdf, jurisdiction_code="310112", box=box, reason="登记证书（编号：3101122026000123）")

    cold = []
    for _ in range(3):
        out = subprocess.run(
            [sys.executable, "-c", COLD_SNIPPET], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout
        cold.append(float(out.strip().splitlines()[-1]))

    rows, ratios = [], []
    for copy, label in (("duplicate", "副本 A4"), ("original", "正本 A3")):
        context = sample_context(copy)
        render_pdf(context)
        render_and_sign(context)
        unsigned, signed = [], []
        for _ in range(args.runs):
            start = time.perf_counter()
            render_pdf(context)
            unsigned.append(time.perf_counter() - start)
            start = time.perf_counter()
            render_and_sign(context)
            signed.append(time.perf_counter() - start)
        rows.append((f"warm, {label}", unsigned))
        rows.append((f"warm, {label}, signed (PKCS#11)", signed))
        ratios.append((label, statistics.median(signed) / statistics.median(unsigned)))

    naive = []
    snapshot = sample_context()["s"]
    html = NAIVE_HTML.format(
        title="社会团体法人登记证书",
        name=snapshot["name"],
        uscc=snapshot["uscc"],
        domicile=snapshot["domicile"],
        scope=snapshot["business_scope"],
    )
    for _ in range(max(3, args.runs // 5)):
        start = time.perf_counter()
        HTML(string=html).write_pdf()  # new font configuration, full Noto CJK (regular + bold), no cached CSS
        naive.append(time.perf_counter() - start)

    print(f"Certificate rendering ({os.cpu_count()} cores, {args.runs} warm runs)\n")
    print("| case | median ms | p95 ms |")
    print("|---|---:|---:|")
    print(f"| cold (first render in a new process) | {statistics.median(cold) * 1000:.0f} | {max(cold) * 1000:.0f} |")
    for label, times in rows:
        print(f"| {label} | {statistics.median(times) * 1000:.0f} | {percentile(times, 0.95) * 1000:.0f} |")
    print(
        f"| naive WeasyPrint, Noto Serif CJK regular+bold | {statistics.median(naive) * 1000:.0f} "
        f"| {percentile(naive, 0.95) * 1000:.0f} |"
    )
    print()
    for label, ratio in ratios:
        print(f"Signed / unsigned, {label}: {ratio:.2f}× (target ≤ 1.5×)")
    signing.forget_signers()
    shutil.rmtree(signing_dir, ignore_errors=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env bash
# Install, start Elasticsearch, migrate, load demo data and serve the site on 127.0.0.1:8000.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/bootstrap.sh run
mkdir -p var
if bash scripts/elasticsearch.sh start; then
    search=elasticsearch
else
    search=database
    echo
    echo "!! Elasticsearch could not be started: search runs on the database fallback (slower, no pinyin)."
    echo
fi
py=.venv/bin/python
$py manage.py migrate --noinput -v0
$py manage.py signing_setup
$py manage.py seed_demo --orgs "${DEMO_ORGS:-2000}" --seed "${DEMO_SEED:-2026}"
$py manage.py seed_demo_applications
$py manage.py credit_sweep
$py manage.py sweep_dormant
$py manage.py open_annual_inspection --year "$(( $(date +%Y) - 1 ))"
$py manage.py seed_demo_evaluation
$py manage.py seed_demo_supervision
$py manage.py seed_demo_decoupling
$py manage.py seed_demo_purchase
$py manage.py seed_demo_community  # before incubation, whose town centre files two groups of its own
$py manage.py seed_demo_incubation
$py manage.py seed_demo_statistics
$py manage.py seed_demo_purchase_review
$py manage.py seed_demo_purchase_delivery
$py manage.py seed_demo_purchase_contest
if [ "$search" = elasticsearch ]; then
    $py manage.py search_index --rebuild
fi

port=${PORT:-8000}
pidfile=var/runserver.pid
if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    echo "Stopping the demo server started earlier (pid $(cat "$pidfile"))…"
    kill "$(cat "$pidfile")"; sleep 1
fi
if (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "Port $port is in use by another program; set PORT=… to serve elsewhere." >&2
    exit 1
fi
cat <<INFO

  公众查询  http://127.0.0.1:$port/
  证照核验  http://127.0.0.1:$port/verify/  (upload a certificate PDF: its electronic seal and the register)
  网上申请  http://127.0.0.1:$port/portal/applications/  (applicant)
  业务办理  http://127.0.0.1:$port/workflow/
  管理后台  http://127.0.0.1:$port/admin/
  动态验证码  工作人员登录后须输入：$py manage.py demo_totp mh_window
  通知邮件  var/mail/ (one file per message)
  English   http://127.0.0.1:$port/en/
  检索后端  $search
  (demo accounts and their password are listed above)

INFO
echo $$ >"$pidfile"
exec $py manage.py runserver --insecure --noreload "127.0.0.1:$port"

#!/usr/bin/env bash
# Install (Debian package) and start a PostgreSQL server on 127.0.0.1 for the store's tests,
# then print the URL the tests read from PPD_TEST_POSTGRES_URL. Needs root (CI runs as root).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi
version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
if ! pg_lsclusters -h 2>/dev/null | grep -q "^${version} main"; then
  pg_createcluster "$version" main >&2
fi
pg_ctlcluster "$version" main start >&2 2>/dev/null || true
for _ in $(seq 1 30); do
  pg_isready -h 127.0.0.1 -q && break
  sleep 1
done
su postgres -c "psql -qtc \"SELECT 1 FROM pg_roles WHERE rolname='ppd'\"" | grep -q 1 \
  || su postgres -c "psql -qc \"CREATE ROLE ppd LOGIN SUPERUSER PASSWORD 'ppd'\"" >&2
su postgres -c "psql -qtc \"SELECT 1 FROM pg_database WHERE datname='ppd_test'\"" | grep -q 1 \
  || su postgres -c "createdb -O ppd ppd_test" >&2
echo "postgresql://ppd:ppd@127.0.0.1:5432/ppd_test"

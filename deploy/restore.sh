#!/bin/sh
# Restores a backup made by deploy/backup.sh, read from stdin, into the
# database DATABASE_URL names (a fresh, empty one: createdb) and MEDIA_ROOT,
# then empties the cache (its keys are ids that the restored database hands
# out again). With the site stopped:
#   docker compose stop proxy web ws worker clock
#   docker compose exec db dropdb --force -U plancommun plancommun
#   docker compose exec db createdb -U plancommun plancommun
#   docker compose run --rm --no-deps -T web deploy/restore.sh < plancommun-2026-12-07.tar
#   docker compose up -d
set -eu
: "${DATABASE_URL:?DATABASE_URL must name the (empty) database to restore into}"
MEDIA_ROOT="${MEDIA_ROOT:-/app/media}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tar -xf - -C "$work"
test -f "$work/database.dump" || { echo "restore: no database.dump in this archive" >&2; exit 1; }
pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$DATABASE_URL" \
    "$work/database.dump"
mkdir -p "$MEDIA_ROOT"
if [ -d "$work/media" ]; then
    cp -R "$work/media/." "$MEDIA_ROOT/"
fi
cd "$(dirname "$0")/.."
# This site's keys only (a Redis shared with others keeps theirs).
python manage.py shell -c "from django.core.cache import cache
if hasattr(cache, 'delete_pattern'):
    cache.delete_pattern('*')
else:
    cache.clear()"
echo "restore: database and media restored, cache emptied" >&2

#!/bin/sh
# A backup of Plan Commun, written to stdout as one tar archive:
#   database.dump   the PostgreSQL database (pg_dump's custom format)
#   media/          the uploaded files (MEDIA_ROOT)
# Run where DATABASE_URL and MEDIA_ROOT are set, the app's container for one:
#   docker compose run --rm --no-deps -T web deploy/backup.sh > plancommun-$(date +%F).tar
# BALLOT_SECRET_KEY and SECRET_KEY are not in it, on purpose: keep .env apart
# (README, "Backups"). deploy/restore.sh reads it back.
set -eu
: "${DATABASE_URL:?DATABASE_URL must name the database to back up}"
MEDIA_ROOT="${MEDIA_ROOT:-/app/media}"
# A media folder that is not there is a wrong MEDIA_ROOT, never "no uploads":
# an empty folder archived instead would look like a backup and restore none.
if [ ! -d "$MEDIA_ROOT" ]; then
  echo "backup.sh: the media folder $MEDIA_ROOT does not exist: set MEDIA_ROOT to the uploads' folder" >&2
  exit 2
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
pg_dump --format=custom --no-owner --no-privileges --dbname="$DATABASE_URL" --file="$work/database.dump"
ln -s "$MEDIA_ROOT" "$work/media"
# -h: the link to MEDIA_ROOT is followed, and archived as the folder media/.
tar -chf - -C "$work" database.dump media

# Two images from one build (docker-compose.yml builds both):
#   app    the application: granian for the pages (the default command),
#          daphne for the websockets, manage.py for migrations and the worker;
#   proxy  Caddy with this build's static files and deploy/Caddyfile.
FROM python:3.11-slim-bookworm AS app

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# WeasyPrint (every PDF: the assemblies' letters, attendance sheets and minutes,
# the bilan's report) draws text with pango, in the DejaVu fonts; pg_dump and
# pg_restore (15, as the compose file's PostgreSQL) for deploy/backup.sh and
# deploy/restore.sh.
RUN apt-get update && apt-get install -y --no-install-recommends gettext curl postgresql-client-15 \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
RUN useradd --create-home --uid 1000 app
WORKDIR /app

COPY requirements.lock ./
RUN pip install --no-cache-dir -r requirements.lock
COPY . .
# The image is production: DEBUG stays off unless the environment asks, and
# the build fails if Django's deployment checks warn about anything.
ENV DEBUG=false
RUN SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" ALLOWED_HOSTS=build.invalid \
    python manage.py check --deploy --fail-level WARNING \
    && SECRET_KEY=build-only python manage.py collectstatic --no-input \
    && python manage.py compilemessages -l fr --ignore=.venv \
    && mkdir -p /app/media && chown -R app:app /app/media
USER app

# 8000: the pages (granian, config/web.py); 8001: the websockets (daphne, docker-compose.yml's `ws`).
EXPOSE 8000 8001
STOPSIGNAL SIGTERM
CMD ["python", "-m", "config.web"]

FROM caddy:2.10-alpine AS proxy
COPY deploy/Caddyfile /etc/caddy/Caddyfile
COPY --from=app /app/staticfiles /srv/static

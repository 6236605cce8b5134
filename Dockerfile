# The portal's image: the web app (gunicorn), the Celery worker and beat all run it.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    STATIC_ROOT=/app/staticfiles \
    MEDIA_ROOT=/app/media

# Pango for WeasyPrint's PDF layout; Liberation Serif has the metrics of Times New
# Roman, the face Decree 30/2020 prescribes for official documents, and DejaVu is
# the fallback that covers every Vietnamese letter.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation2 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# Requirements first, so a code change does not reinstall them. xstatic-bootstrap
# builds from source and needs setuptools<81 (constraints-build.txt).
COPY requirements.txt constraints-build.txt ./
RUN pip install --upgrade pip \
    && pip install -r requirements.txt --build-constraint constraints-build.txt

COPY . .

# Settings refuse to start without a real SECRET_KEY when DEBUG is off; collectstatic
# needs one but never signs anything, so a throwaway key baked into this layer is fine.
# The running containers get their own key from the environment.
ARG BUILD_SECRET_KEY=collectstatic-only-throwaway-key-0123456789-abcdefghij
RUN SECRET_KEY="$BUILD_SECRET_KEY" DEBUG=false python manage.py collectstatic --noinput

# The media folder exists and belongs to the app user before a named volume is
# mounted on it, so the volume starts with that ownership.
RUN useradd --system --uid 10001 --home-dir /app --no-create-home khuyencong \
    && mkdir -p /app/media /app/private \
    && chown khuyencong:khuyencong /app/media /app/private
USER khuyencong

EXPOSE 8000
# Gunicorn reads the number of workers from WEB_CONCURRENCY (docker-compose.yml sets it).
CMD ["gunicorn", "khuyencong.wsgi", "--bind", "0.0.0.0:8000", "--timeout", "60", "--access-logfile", "-"]

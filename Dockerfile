# The dashboard in a container (README, "Share with people outside the room").
# Every step calls a make target CI runs (make install, make vendor, make share), so the
# image is built the way the tests build the app. CI does not build this image itself;
# tests/unit/test_deploy.py checks the commands it runs.
#
#   docker build -t resource-map .
#   docker run -p 8501:8501 -e DATABASE_URL=postgresql://... \
#     -v "$PWD/.streamlit/secrets.toml:/app/.streamlit/secrets.toml:ro" resource-map
FROM python:3.11-slim-bookworm

RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends make \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 app
WORKDIR /app
COPY --chown=app:app requirements.txt Makefile ./
USER app
RUN make install PYTHON=python3.11
COPY --chown=app:app . .
# Leaflet and its plugin, pinned and integrity-checked, served by the app (no CDN at run time).
RUN make vendor PYTHON=python3.11

ENV PORT=8501
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s CMD python3.11 -c "import urllib.request,os; urllib.request.urlopen(f'http://127.0.0.1:{os.environ[\"PORT\"]}/_stcore/health', timeout=4)"
# Refuses to start without passcodes or a login in the mounted secrets (scripts/check_share.py).
CMD ["sh", "-c", "exec make share PORT=${PORT} PYTHON=python3.11"]

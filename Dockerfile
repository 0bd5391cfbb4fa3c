# ipwatch: the monitoring daemon with its NLP model, as a slim non-root image.
#
#   docker build -t ipwatch:0.1.0 .
#   docker run -e IPWATCH_ES__URL=http://es:9200 -p 127.0.0.1:8787:8787 ipwatch:0.1.0
#
# The model in models/ goes into the wheel and the image: train or fetch it before building
# (`ipwatch train`, see README). Configuration: mount a folder over /app/config, override keys
# with IPWATCH_<SECTION>__<KEY>, pass secrets as IPWATCH_ES__API_KEY / IPWATCH_ES__PASSWORD(_FILE).

FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/ipwatch
WORKDIR /src
COPY requirements.lock ./
# CPU-only torch at the locked version: PyPI's default wheel bundles CUDA (several GB) that a CPU
# daemon never uses; the lock's CUDA packages are left out with it.
RUN /opt/ipwatch/bin/pip install --index-url https://download.pytorch.org/whl/cpu "$(grep -E '^torch==' requirements.lock)" \
 && grep -vE '^(torch|triton|nvidia-[a-z0-9-]+|cuda-[a-z-]+)==' requirements.lock > /tmp/lock-cpu \
 && /opt/ipwatch/bin/pip install -r /tmp/lock-cpu
# The wheel carries nlp/data and the shipped defaults (config/, the model, demo/, kibana/) as
# package data, so the image runs the installed package: no source tree, no PYTHONPATH.
COPY pyproject.toml README.md ./
COPY ipwatch ipwatch
COPY crawlers crawlers
COPY nlp nlp
COPY scoring scoring
COPY alerts alerts
COPY config config
COPY models models
COPY demo demo
COPY kibana kibana
RUN /opt/ipwatch/bin/pip wheel --no-deps . -w /wheels \
 && /opt/ipwatch/bin/pip install --no-deps /wheels/ipwatch-*.whl \
 && find /opt/ipwatch -name '__pycache__' -prune -exec rm -rf {} +

FROM python:3.11-slim
ARG UID=10001
RUN useradd --system --uid "${UID}" --user-group --home-dir /var/lib/ipwatch --shell /usr/sbin/nologin ipwatch \
 && mkdir -p /app /var/lib/ipwatch/spool /var/lib/ipwatch/crawl \
 && chown -R ipwatch:ipwatch /var/lib/ipwatch
COPY --from=build /opt/ipwatch /opt/ipwatch
# /app is the working directory: a folder mounted over /app/config replaces the shipped defaults
# (or set IPWATCH_CONFIG_DIR); without one, the defaults inside the package are used.
WORKDIR /app
ENV PATH=/opt/ipwatch/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HOME=/var/lib/ipwatch \
    HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 \
    IPWATCH_BASE_DIR=/var/lib/ipwatch \
    IPWATCH_SPOOL__DIR=/var/lib/ipwatch/spool \
    IPWATCH_CRAWL__STATE_DIR=/var/lib/ipwatch/crawl \
    IPWATCH_DAEMON__HTTP_HOST=0.0.0.0 \
    IPWATCH_DAEMON__HTTP_PORT=8787
USER ipwatch
VOLUME ["/var/lib/ipwatch"]
EXPOSE 8787
HEALTHCHECK --interval=30s --timeout=5s --start-period=180s --retries=3 \
  CMD python -c "import os,sys,urllib.request as u; sys.exit(0 if u.urlopen('http://127.0.0.1:%s/livez' % os.environ.get('IPWATCH_DAEMON__HTTP_PORT','8787'), timeout=4).status == 200 else 1)"
# SIGTERM (docker stop) lets running jobs finish for daemon.shutdown_grace_seconds (30 s):
# give `docker stop -t 45` / compose stop_grace_period: 45s.
STOPSIGNAL SIGTERM
ENTRYPOINT ["ipwatch", "run"]
# --standby: while another daemon holds the lock (or a killed predecessor's lock has not yet
# expired), wait and take over instead of exiting.
CMD ["--standby"]

# ipwatch: the monitoring daemon with its NLP model, as a slim non-root image.
#
#   docker build -t ipwatch:0.1.0 .
#   docker run -e IPWATCH_ES__URL=http://es:9200 -p 127.0.0.1:8787:8787 ipwatch:0.1.0
#
# The model in models/ is copied into the image: train or fetch it before building
# (`ipwatch train`, see README). Configuration: mount a folder over /app/config, override keys
# with IPWATCH_<SECTION>__<KEY>, pass secrets as IPWATCH_ES__API_KEY / IPWATCH_ES__PASSWORD(_FILE).

FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/ipwatch
# CPU-only torch: PyPI's default wheel bundles CUDA (several GB) that a CPU daemon never uses.
RUN /opt/ipwatch/bin/pip install --index-url https://download.pytorch.org/whl/cpu "torch>=2.2"
WORKDIR /src
COPY pyproject.toml README.md ./
COPY ipwatch ipwatch
COPY crawlers crawlers
COPY nlp nlp
COPY scoring scoring
COPY alerts alerts
RUN /opt/ipwatch/bin/pip install . \
 && find /opt/ipwatch -name '__pycache__' -prune -exec rm -rf {} +

FROM python:3.11-slim
ARG UID=10001
RUN useradd --system --uid "${UID}" --user-group --home-dir /var/lib/ipwatch --shell /usr/sbin/nologin ipwatch \
 && mkdir -p /app /var/lib/ipwatch/spool /var/lib/ipwatch/crawl \
 && chown -R ipwatch:ipwatch /var/lib/ipwatch
COPY --from=build /opt/ipwatch /opt/ipwatch
WORKDIR /app
# The packages run from the source tree (PYTHONPATH): it carries their data files (nlp/data, …)
# that a wheel without package-data would drop.
COPY --chown=root:root ipwatch ipwatch
COPY --chown=root:root crawlers crawlers
COPY --chown=root:root nlp nlp
COPY --chown=root:root scoring scoring
COPY --chown=root:root alerts alerts
COPY --chown=root:root config config
# the model files may be mode 0600: owned by the runtime user so it can read them
COPY --chown=ipwatch:ipwatch models models
COPY --chown=root:root kibana kibana
COPY --chown=root:root demo demo
ENV PATH=/opt/ipwatch/bin:$PATH \
    PYTHONPATH=/app \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HOME=/var/lib/ipwatch \
    HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 \
    IPWATCH_CONFIG_DIR=/app/config \
    IPWATCH_BASE_DIR=/app \
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

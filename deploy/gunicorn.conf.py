"""gunicorn settings for Chancery: `gunicorn -c deploy/gunicorn.conf.py chancery.wsgi`.

Every value can be set from the environment (deploy/chancery.env.example lists them). Web
processes are stateless: sessions and the shared cache live in the database, documents in the
storage, so any number of these may run behind a load balancer.
"""

import multiprocessing
import os

# Where to listen: a local port behind nginx / the load balancer, or a unix socket
# ("unix:/run/chancery/gunicorn.sock").
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Synchronous workers with a few threads each: pages are short database-bound requests; PDF
# rendering is the slow exception. Default: 2 × CPU + 1 processes, 4 threads.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"

# A request that takes longer than this is killed (and its worker replaced).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))

# Recycle workers now and then, so a slow leak never grows (jitter: not all at once). Not too
# often: a new worker spends about two CPU-seconds loading the application and warming up, which
# every 2,000 requests cost the status lookup a quarter of its throughput (bench/http_bench.py).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "2000"))

# Uploads are capped by Django (DATA_UPLOAD_MAX_MEMORY_SIZE); keep header limits at defaults.
limit_request_line = 8190

# Logs to stdout/stderr: systemd's journal (or the container runtime) keeps them.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# No query strings in the access log: status lookups and signed URLs carry secrets there.
access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)ss "%(a)s"'

# The proxy in front sets X-Forwarded-For / X-Forwarded-Proto; trust it only from these addresses.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

# Each worker imports the application itself: `systemctl reload` (HUP) then picks up new code.
preload_app = False

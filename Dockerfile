# mockhog as a CI service: `docker build -t mockhog .` then `docker run -p 8010:8010 mockhog`.
FROM python:3.11-slim

WORKDIR /app
COPY pyproject.toml README.md ./
COPY mockhog ./mockhog
COPY fixtures ./fixtures
RUN pip install --no-cache-dir . && useradd --create-home mockhog
USER mockhog

EXPOSE 8010
# /_mockhog/health answers without the admin token
HEALTHCHECK --interval=5s --timeout=3s --start-period=10s --retries=5 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8010/_mockhog/health', timeout=2)"]

# Inside a container the server must bind every interface. Set MOCKHOG_ADMIN_TOKEN to guard the control
# plane; without it the control plane is open to whoever reaches the port (serve warns at start).
ENV MOCKHOG_HOST=0.0.0.0 MOCKHOG_PORT=8010
CMD ["mockhog", "serve", "--allow-open-control"]

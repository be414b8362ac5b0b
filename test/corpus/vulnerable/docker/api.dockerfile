# Labels: `ruleid:`.
# ruleid: dockerfile-runs-as-root
FROM node:20-slim
WORKDIR /app
# ruleid: plaintext-url-in-config
RUN curl -sSL http://get.acme-tools.com/install.sh | sh
COPY . .
CMD ["node", "server.js"]

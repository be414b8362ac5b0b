#!/usr/bin/env bash
# Installer with the mistakes the insecure-pattern rules look for. Labels: `ruleid:`.
set -euo pipefail

# ruleid: shell-tls-verify-disabled
curl -k https://internal.acme.io/install/agent.sh | bash
# ruleid: shell-tls-verify-disabled
curl -sSLk https://get.acme.io/cli | sh
# ruleid: shell-tls-verify-disabled
wget --no-check-certificate https://files.acme.io/tool.tgz
# ruleid: shell-tls-verify-disabled
git config --global http.sslVerify false
# ruleid: shell-tls-verify-disabled
npm config set strict-ssl false

# ruleid: tls-reject-unauthorized-env
export NODE_TLS_REJECT_UNAUTHORIZED=0
# ruleid: tls-reject-unauthorized-env
export PYTHONHTTPSVERIFY=0

# ruleid: chmod-world-writable
chmod -R 777 /opt/acme
# ruleid: chmod-world-writable
chmod 666 /var/run/acme.sock
# ruleid: chmod-world-writable
chmod o+w /etc/acme/config.yml

# ruleid: rsa-small-key-text
openssl genrsa -out /etc/acme/key.pem 1024

# ruleid: public-bucket-acl
aws s3 cp ./site s3://acme-site --recursive --acl public-read

# ruleid: container-privileged
docker run --privileged -v /:/host acme/agent
# ruleid: container-host-namespace
docker run --network=host acme/agent
# ruleid: container-host-namespace
docker run --pid=host acme/debug

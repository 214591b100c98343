#!/bin/sh
# Regenerates the files in this folder with strongSwan's pki (5.9.8 was used), run from anywhere:
#   sh certs-fixtures/live/make.sh
# They are the files changed on disk in `ikecert live`'s examples (README.md, docs/live.md) and
# tier test (test/strongswan/live.test.ts): a renewed gateway certificate with a new key, issued by
# the sample's intermediate CA, and a second root CA that charon has not loaded. Validity and
# serials are fixed; keys and ECDSA signatures are new on each run.
set -eu
cd "$(dirname "$0")"
export TZ=UTC
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'pki {\n  load = pem pkcs1 pkcs8 x509 pubkey openssl gmp curve25519 sha1 sha2 random drbg nonce\n}\n' >"$tmp/strongswan.conf"
export STRONGSWAN_CONF="$tmp/strongswan.conf"
sample=../sample
cakeys=../ca-keys

# the gateway's renewal: same subject and SANs as sample/x509/gateway.pem, a new ECDSA key
pki --gen --type ecdsa --size 256 --outform pem >gateway-renewed.key
pki --issue --in gateway-renewed.key --type priv --serial 1002 \
  --cacert $sample/x509ca/intermediate.pem --cakey $cakeys/intermediate.key \
  --dn "C=CH, O=Example VPN, CN=vpn.example.com" --san vpn.example.com --san 192.0.2.1 \
  --flag serverAuth --flag ikeIntermediate \
  --not-before "01.01.26 00:00:00" --not-after "01.01.36 00:00:00" --outform pem >gateway-renewed.pem

# a partner's root CA, added to x509ca/ but never loaded
pki --gen --type ecdsa --size 256 --outform pem >"$tmp/partner.key"
pki --self --ca --in "$tmp/partner.key" --type ecdsa --serial 01 \
  --dn "C=CH, O=Partner, CN=Partner Root CA" \
  --not-before "01.01.25 00:00:00" --not-after "01.01.40 00:00:00" --outform pem >partner-root.pem

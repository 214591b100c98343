#!/bin/sh
# Regenerates the files in this folder with the openssl command (3.0 was used), run from anywhere:
#   sh certs-fixtures/openssl/make.sh
# faketime pins "now" to 2025-01-01 00:00:00 UTC, so every certificate is valid 2025-01-01 to
# 2035-01-01 (3652 days); serials are fixed. Keys and ECDSA signatures are new on each run.
set -eu
cd "$(dirname "$0")"
export TZ=UTC
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
at() { faketime '2025-01-01 00:00:00' "$@"; }
DAYS=3652

# keys: RSA as PKCS#8, EC P-256 as SEC1 with its EC PARAMETERS block (as `openssl ecparam -genkey` writes it)
openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa.key
openssl ecparam -name prime256v1 -genkey -out ec.key

# a self-signed RSA CA (req -x509 adds basicConstraints CA:TRUE, SKI and AKI from openssl.cnf)
at openssl req -x509 -new -key rsa.key -sha256 -days $DAYS -set_serial 1 \
  -subj "/C=CH/O=openssl/CN=openssl Root CA" -out rsa-ca.pem
# a self-signed EC certificate with DNS SANs, also as DER
at openssl req -x509 -new -key ec.key -sha256 -days $DAYS -set_serial 2 \
  -subj "/C=CH/O=openssl/CN=ec.example.com" \
  -addext "basicConstraints=critical,CA:FALSE" \
  -addext "subjectAltName=DNS:ec.example.com,DNS:vpn.example.com" -out ec-selfsigned.pem
openssl x509 -in ec-selfsigned.pem -outform DER -out ec-selfsigned.der

# two leaves issued by the RSA CA: CN only (no SAN), and one with IP SANs (IPv4 and IPv6)
openssl ecparam -name prime256v1 -genkey -noout -out cn-only.key
at openssl req -new -key cn-only.key -subj "/C=CH/O=openssl/CN=vpn.example.com" -out "$tmp/cn-only.csr"
printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n' >"$tmp/cn-only.ext"
at openssl x509 -req -in "$tmp/cn-only.csr" -CA rsa-ca.pem -CAkey rsa.key -set_serial 0x1001 \
  -days $DAYS -sha256 -extfile "$tmp/cn-only.ext" -out cn-only.pem

openssl genpkey -quiet -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out ip-san.key
at openssl req -new -key ip-san.key -subj "/C=CH/O=openssl/CN=192.0.2.1" -out "$tmp/ip-san.csr"
printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nsubjectAltName=IP:192.0.2.1,IP:2001:db8::1\n' >"$tmp/ip-san.ext"
at openssl x509 -req -in "$tmp/ip-san.csr" -CA rsa-ca.pem -CAkey rsa.key -set_serial 0x1002 \
  -days $DAYS -sha256 -extfile "$tmp/ip-san.ext" -out ip-san.pem

# a leaf with an organizationIdentifier (2.5.4.97) in its subject, as eIDAS/EV certificates carry:
# charon names that attribute only since 6.0.5; 5.9.8 prints it as its OID bytes (55:04:61=...)
openssl ecparam -name prime256v1 -genkey -noout -out org-id.key
at openssl req -new -key org-id.key -subj "/C=CH/organizationIdentifier=VATCH-123456789/O=openssl/CN=vpn.example.com" \
  -out "$tmp/org-id.csr"
printf 'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nsubjectAltName=DNS:vpn.example.com\n' >"$tmp/org-id.ext"
at openssl x509 -req -in "$tmp/org-id.csr" -CA rsa-ca.pem -CAkey rsa.key -set_serial 0x1003 \
  -days $DAYS -sha256 -extfile "$tmp/org-id.ext" -out org-id.pem

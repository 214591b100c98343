#!/bin/sh
# Regenerates the files in this folder with strongSwan's pki (5.9.8 was used), run from anywhere:
#   sh certs-fixtures/pki/make.sh
# Validity and serials are fixed (never relative to "now"); keys and ECDSA
# signatures are new on each run.
set -eu
cd "$(dirname "$0")"
export TZ=UTC
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# only the plugins pki needs (this also silences the tpm plugin's warning)
printf 'pki {\n  load = pem pkcs1 pkcs8 pkcs12 x509 pubkey openssl gmp curve25519 sha1 sha2 random drbg revocation constraints nonce\n}\n' >"$tmp/strongswan.conf"
export STRONGSWAN_CONF="$tmp/strongswan.conf"

CA_DATES="--not-before 01.01.24\ 00:00:00 --not-after 01.01.45\ 00:00:00"
EE_DATES="--not-before 01.01.25\ 00:00:00 --not-after 01.01.35\ 00:00:00"
pem_of() { # DER certificate on stdin -> PEM on stdout
  echo "-----BEGIN CERTIFICATE-----"; base64 -w 64; echo "-----END CERTIFICATE-----"
}

# keys: PEM (pkcs1 / sec1 / pkcs8 as pki writes them) and one DER
pki --gen --type rsa --size 3072 --outform pem >ca-rsa.key
pki --gen --type ecdsa --size 384 --outform pem >intermediate-ecdsa.key
pki --gen --type ecdsa --size 256 --outform pem >server-ecdsa.key
pki --gen --type rsa --size 2048 --outform der >client-rsa.der
pki --gen --type ed25519 --outform pem >client-ed25519.key
pki --pub --in server-ecdsa.key --outform pem >server-ecdsa.pub

# a self-signed root, an intermediate with pathlen 0
eval pki --self --ca --in ca-rsa.key --type rsa --serial 01 \
  --dn "'C=CH, O=strongSwan pki, CN=pki Root CA'" "$CA_DATES" --outform pem >ca.pem
eval pki --issue --ca --pathlen 0 --in intermediate-ecdsa.key --type priv --serial 02 \
  --cacert ca.pem --cakey ca-rsa.key \
  --dn "'C=CH, O=strongSwan pki, CN=pki Intermediate CA'" "$CA_DATES" --outform der >intermediate.der

# a server certificate with SANs of several kinds, in PEM and DER (the same certificate)
eval pki --issue --in server-ecdsa.key --type priv --serial 1001 \
  --cacert intermediate.der --cakey intermediate-ecdsa.key \
  --dn "'C=CH, O=strongSwan pki, CN=vpn.example.com'" \
  --san vpn.example.com --san 192.0.2.1 --san 2001:db8::1 --san @vpn-fqdn \
  --san "'C=CH, O=strongSwan pki, CN=vpn'" --flag serverAuth "$EE_DATES" --outform der >server.der
pem_of <server.der >server.pem

# clients: RSA (key from DER) with email + XMPP SANs, Ed25519 with an email SAN
eval pki --issue --in client-rsa.der --type priv --serial 1101 \
  --cacert intermediate.der --cakey intermediate-ecdsa.key \
  --dn "'C=CH, O=strongSwan pki, CN=alice@example.com'" \
  --san alice@example.com --san xmppaddr:alice@example.com --flag clientAuth "$EE_DATES" --outform pem >client-rsa.pem
eval pki --issue --in client-ed25519.key --type priv --serial 1102 \
  --cacert intermediate.der --cakey intermediate-ecdsa.key \
  --dn "'C=CH, O=strongSwan pki, CN=carol@example.com'" \
  --san carol@example.com --flag clientAuth "$EE_DATES" --outform der >client-ed25519.der

# a PKCS#10 request
pki --req --in server-ecdsa.key --type priv --dn "C=CH, O=strongSwan pki, CN=vpn.example.com" \
  --san vpn.example.com --outform pem >server.csr

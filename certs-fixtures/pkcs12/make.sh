#!/bin/sh
# Regenerates the PKCS#12 fixtures with OpenSSL 3: a CA (ECDSA P-256) and a leaf (RSA 2048) it
# signed, packed the ways real tools pack them. The password of every file except
# empty-password.p12 is ../keys/PASSPHRASE.txt (test data).
set -eu
cd "$(dirname "$0")"
PASS=file:../keys/PASSPHRASE.txt
LEGACY="-provider legacy -provider default"
rm -f ./*.pem ./*.p12 ./*.pfx ./*.srl

openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ca.key.pem
openssl req -new -x509 -key ca.key.pem -subj "/O=ikecert fixtures/CN=pkcs12 CA" -days 7300 \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" -out ca.pem
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out leaf.key.pem
openssl req -new -key leaf.key.pem -subj "/O=ikecert fixtures/CN=vpn.example.org" -out leaf.csr
openssl x509 -req -in leaf.csr -CA ca.pem -CAkey ca.key.pem -CAcreateserial -days 3650 \
  -extfile /dev/stdin -out leaf.pem <<'EXT'
subjectAltName=DNS:vpn.example.org
extendedKeyUsage=serverAuth,1.3.6.1.5.5.8.2.2
EXT
rm -f leaf.csr ca.srl
export_p12() { # file, options
  out=$1; shift
  # shellcheck disable=SC2086
  openssl pkcs12 -export -inkey leaf.key.pem -in leaf.pem -name "ikecert leaf" "$@" -out "$out"
}

# OpenSSL 3 default: PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC) for key and certificates, SHA-256 MAC
export_p12 modern.p12 -passout $PASS -keypbe AES-256-CBC -certpbe AES-256-CBC -macalg sha256
# the same with the CA certificate in the file
export_p12 chain.p12 -certfile ca.pem -passout $PASS
# PBES2 variants: AES-128 and DES-EDE3-CBC, SHA-384 and SHA-512 MACs
export_p12 pbes2-aes128-sha384.p12 -passout $PASS -keypbe AES-128-CBC -certpbe AES-128-CBC -macalg sha384
export_p12 pbes2-des3-sha512.p12 -passout $PASS -keypbe DES-EDE3-CBC -certpbe DES-EDE3-CBC -macalg sha512
# legacy 3DES everywhere with a SHA-1 MAC
export_p12 legacy-3des.p12 -passout $PASS -keypbe PBE-SHA1-3DES -certpbe PBE-SHA1-3DES -macalg sha1
# what OpenSSL 1.x and Windows wrote by default: RC2-40 for the certificates, 3DES for the key
# shellcheck disable=SC2086
export_p12 legacy-rc2-40.p12 $LEGACY -legacy -certfile ca.pem -passout $PASS
# the remaining PKCS#12 PBE schemes
# shellcheck disable=SC2086
export_p12 legacy-rc2-128-2des.p12 $LEGACY -passout $PASS -keypbe PBE-SHA1-2DES -certpbe PBE-SHA1-RC2-128 -macalg sha1
# no MAC (integrity is then only the padding of the encrypted parts)
export_p12 nomac.p12 -passout $PASS -nomac -certpbe AES-256-CBC
# shellcheck disable=SC2086
export_p12 nomac-legacy.p12 $LEGACY -passout $PASS -nomac -certpbe PBE-SHA1-RC2-40 -keypbe PBE-SHA1-3DES
# empty password
export_p12 empty-password.p12 -passout pass:
# nothing encrypted, MAC with the passphrase
export_p12 unencrypted.p12 -passout $PASS -keypbe NONE -certpbe NONE
# certificates only (a trust bundle)
openssl pkcs12 -export -nokeys -in ca.pem -passout $PASS -out certs-only.p12

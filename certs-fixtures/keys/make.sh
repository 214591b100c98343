#!/bin/sh
# Regenerates the key fixtures: every private and public key format ikecert reads, for RSA 2048,
# ECDSA P-256/384/521, Ed25519 and Ed448, each with a self-signed certificate of the same key.
# Made with OpenSSL 3 (the legacy provider for RC2) and strongSwan's pki. Test data only: the
# passphrase of every encrypted file is in PASSPHRASE.txt.
set -eu
cd "$(dirname "$0")"
PASS=file:PASSPHRASE.txt
LEGACY="-provider legacy -provider default"
rm -f ./*.pem ./*.der

gen() { # name, genpkey options
  name=$1; shift
  openssl genpkey "$@" -out "$name.pkcs8.pem"
  openssl pkey -in "$name.pkcs8.pem" -outform DER -out "$name.pkcs8.der"
  openssl req -new -x509 -key "$name.pkcs8.pem" -subj "/O=ikecert fixtures/CN=keys $name" -days 7300 -out "$name.cert.pem"
  openssl pkcs8 -topk8 -in "$name.pkcs8.pem" -v2 aes-256-cbc -passout $PASS -out "$name.pkcs8-aes256.pem"
  openssl pkcs8 -topk8 -in "$name.pkcs8.pem" -v2 aes-256-cbc -passout $PASS -outform DER -out "$name.pkcs8-aes256.der"
  openssl pkcs8 -topk8 -in "$name.pkcs8.pem" -v1 PBE-SHA1-3DES -passout $PASS -out "$name.pkcs8-3des.pem"
  # shellcheck disable=SC2086
  openssl pkcs8 -topk8 -in "$name.pkcs8.pem" -v1 PBE-SHA1-RC2-40 $LEGACY -passout $PASS -out "$name.pkcs8-rc2-40.pem"
  openssl pkey -in "$name.pkcs8.pem" -pubout -out "$name.spki.pem"
  openssl pkey -in "$name.pkcs8.pem" -pubout -outform DER -out "$name.spki.der"
}

gen rsa2048 -algorithm RSA -pkeyopt rsa_keygen_bits:2048
gen p256 -algorithm EC -pkeyopt ec_paramgen_curve:P-256
gen p384 -algorithm EC -pkeyopt ec_paramgen_curve:P-384
gen p521 -algorithm EC -pkeyopt ec_paramgen_curve:P-521
gen ed25519 -algorithm ED25519
gen ed448 -algorithm ED448

# RSA: PKCS#1 private and public keys, OpenSSL's traditional encrypted PEM (Proc-Type/DEK-Info)
openssl pkey -in rsa2048.pkcs8.pem -traditional -out rsa2048.pkcs1.pem
openssl pkey -in rsa2048.pkcs8.pem -traditional -outform DER -out rsa2048.pkcs1.der
openssl rsa -in rsa2048.pkcs8.pem -RSAPublicKey_out -out rsa2048.rsapub.pem
openssl rsa -in rsa2048.pkcs8.pem -RSAPublicKey_out -outform DER -out rsa2048.rsapub.der
for c in aes128 aes256 des3; do
  openssl pkey -in rsa2048.pkcs8.pem -traditional -$c -passout $PASS -out "rsa2048.trad-$c.pem"
done
# ECDSA: SEC1 and traditional encrypted PEM
for n in p256 p384 p521; do
  openssl pkey -in $n.pkcs8.pem -traditional -out $n.sec1.pem
  openssl pkey -in $n.pkcs8.pem -traditional -outform DER -out $n.sec1.der
  for c in aes256 des3; do
    openssl pkey -in $n.pkcs8.pem -traditional -$c -passout $PASS -out "$n.trad-$c.pem"
  done
done

# strongSwan's pki: PKCS#1 (RSA), SEC1 (ECDSA), PKCS#8 (EdDSA) and a self-signed certificate each
if command -v pki >/dev/null; then
  for t in "rsa 2048 pki-rsa2048" "ecdsa 384 pki-p384" "ed25519 0 pki-ed25519" "ed448 0 pki-ed448"; do
    set -- $t
    if [ "$2" = 0 ]; then pki --gen --type "$1" --outform pem >"$3.key.pem" 2>/dev/null
    else pki --gen --type "$1" --size "$2" --outform pem >"$3.key.pem" 2>/dev/null; fi
    pki --self --in "$3.key.pem" --type "$1" --dn "O=ikecert fixtures, CN=keys $3" --lifetime 7300 --outform pem >"$3.cert.pem" 2>/dev/null
  done
fi

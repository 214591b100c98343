#!/bin/sh
# Regenerates this folder with strongSwan's pki (5.9.8 was used) and openssl, run from anywhere:
#   sh certs-fixtures/revocation/make.sh
# A swanctl folder of a gateway whose x509crl/ revokes a peer's certificate and an intermediate CA,
# plus peer certificates in peers/ (not part of the configuration) for the chain examples. Dates,
# serials and revocation times are fixed; keys and ECDSA signatures are new on each run.
set -eu
cd "$(dirname "$0")"
export TZ=UTC
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'pki {\n  load = pem pkcs1 pkcs8 pkcs12 x509 pubkey openssl gmp curve25519 sha1 sha2 random drbg revocation constraints nonce\n}\n' >"$tmp/strongswan.conf"
export STRONGSWAN_CONF="$tmp/strongswan.conf"
rm -rf x509 x509ca x509crl private peers
mkdir -p x509 x509ca x509crl private peers

CA_DATES="--not-before 01.01.24\ 00:00:00 --not-after 01.01.45\ 00:00:00"
EE_DATES="--not-before 01.01.25\ 00:00:00 --not-after 01.01.35\ 00:00:00"
CRL_DATES="--this-update 01.06.25\ 00:00:00 --next-update 01.01.45\ 00:00:00"
O="C=CH, O=Example CRL"

pki --gen --type ecdsa --size 256 --outform pem >"$tmp/root.key"
pki --gen --type ecdsa --size 256 --outform pem >"$tmp/sub.key"
pki --gen --type ecdsa --size 256 --outform pem >"$tmp/old-sub.key"
eval pki --self --ca --in "$tmp/root.key" --type ecdsa --serial 01 --dn "'$O, CN=Example CRL Root CA'" "$CA_DATES" --outform pem >x509ca/root.pem
eval pki --issue --ca --in "$tmp/sub.key" --type priv --serial 02 --cacert x509ca/root.pem --cakey "$tmp/root.key" \
  --dn "'$O, CN=Example CRL Sub CA'" --crl http://crl.example.net/root.crl "$CA_DATES" --outform pem >x509ca/sub.pem
eval pki --issue --ca --in "$tmp/old-sub.key" --type priv --serial 03 --cacert x509ca/root.pem --cakey "$tmp/root.key" \
  --dn "'$O, CN=Example CRL Old Sub CA'" "$CA_DATES" --outform pem >x509ca/old-sub.pem

# the gateway (its key in private/), a peer pinned in swanctl.conf (remote certs), and peers elsewhere
pki --gen --type ecdsa --size 256 --outform pem >private/gateway.key
eval pki --issue --in private/gateway.key --type priv --serial 1001 --cacert x509ca/sub.pem --cakey "$tmp/sub.key" \
  --dn "'$O, CN=vpn.example.net'" --san vpn.example.net "$EE_DATES" --outform pem >x509/gateway.pem
pki --gen --type ecdsa --size 256 --outform pem >"$tmp/alice.key"
eval pki --issue --in "$tmp/alice.key" --type priv --serial 1002 --cacert x509ca/sub.pem --cakey "$tmp/sub.key" \
  --dn "'$O, CN=alice@example.net'" --san alice@example.net "$EE_DATES" --outform pem >x509/alice.pem
pki --gen --type ecdsa --size 256 --outform pem >"$tmp/bob.key"
eval pki --issue --in "$tmp/bob.key" --type priv --serial 1003 --cacert x509ca/old-sub.pem --cakey "$tmp/old-sub.key" \
  --dn "'$O, CN=bob@example.net'" --san bob@example.net "$EE_DATES" --outform pem >peers/bob.pem
cp x509/alice.pem peers/alice.pem

# CRLs: the root revokes the old intermediate, the intermediate revokes alice (PEM and DER)
eval pki --signcrl --cacert x509ca/root.pem --cakey "$tmp/root.key" "$CRL_DATES" \
  --reason ca-compromise --date 1740787200 --cert x509ca/old-sub.pem --outform pem >x509crl/root.crl
eval pki --signcrl --cacert x509ca/sub.pem --cakey "$tmp/sub.key" "$CRL_DATES" \
  --reason key-compromise --date 1748736000 --cert x509/alice.pem --outform der >x509crl/sub.crl

# a peer certificate strongSwan cannot load: its authorityInfoAccess is an INTEGER (well-formed DER)
openssl ecparam -name prime256v1 -genkey -noout -out "$tmp/carol.key"
openssl req -new -key "$tmp/carol.key" -subj "/C=CH/O=Example CRL/CN=carol@example.net" -out "$tmp/carol.csr"
openssl pkey -in "$tmp/sub.key" -out "$tmp/sub-pkcs8.key"
printf 'authorityInfoAccess=DER:02:01:05\nsubjectAltName=email:carol@example.net\nauthorityKeyIdentifier=keyid\n' >"$tmp/carol.ext"
faketime '2025-01-01 00:00:00' openssl x509 -req -in "$tmp/carol.csr" -CA x509ca/sub.pem -CAkey "$tmp/sub-pkcs8.key" \
  -set_serial 0x1004 -days 3652 -extfile "$tmp/carol.ext" -out peers/carol.pem

cat >swanctl.conf <<'CONF'
# A gateway that checks its peers' certificates against the CRLs in x509crl/.
connections {
  rw {
    local {
      auth = pubkey
      certs = gateway.pem
      id = vpn.example.net
    }
    remote {
      auth = pubkey
      revocation = strict
    }
  }
  alice {
    local {
      auth = pubkey
      certs = gateway.pem
      id = vpn.example.net
    }
    remote {
      auth = pubkey
      certs = alice.pem
      id = alice@example.net
    }
  }
}
CONF

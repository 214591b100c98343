/**
 * Client profiles (semantics §10): what the common road-warrior clients demand of the server
 * certificate for the server id (address) configured on them. Sources: strongSwan docs
 * interop/ios, interop/windowsCertRequirements, os/androidVpnClient, features/networkManager.
 */
import { bytesText } from "../bytes.js";
import { IkecertError } from "../errors.js";
import { type Finding, finding } from "../findings/index.js";
import type { IdentityProof } from "../identity/certificate.js";
import type { Identity, IdentityOptions } from "../identity/parse.js";
import type { Certificate } from "../x509/certificate.js";
import { ID_TYPES } from "../x509/types.js";
import { reissueFix } from "./identity-fix.js";

const SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
const T = ID_TYPES;

function hasServerAuth(cert: Certificate): boolean {
  return !!cert.extKeyUsage?.some((e) => e.oid === SERVER_AUTH);
}

function keyUsageFinding(cert: Certificate): Finding[] {
  const ku = cert.keyUsage;
  if (!ku || ku.includes("digitalSignature") || ku.includes("nonRepudiation")) return [];
  return [
    finding("CLIENT_KEY_USAGE", {
      message: `the certificate's keyUsage is ${ku.join(", ") || "empty"}: strongSwan uses an end-entity certificate for IKE only with digitalSignature or nonRepudiation`,
      fix: `reissue it: ${reissueFix(cert, [])} (pki sets digitalSignature)`,
    }),
  ];
}

function serverAuthFinding(cert: Certificate, client: string): Finding[] {
  if (hasServerAuth(cert)) return [];
  return [
    finding("CLIENT_NO_SERVER_AUTH", {
      message: `${client} requires the serverAuth EKU (1.3.6.1.5.5.7.3.1) on the server certificate; it has ${cert.extKeyUsage ? cert.extKeyUsage.map((e) => e.name ?? e.oid).join(", ") : "no extendedKeyUsage"}`,
      fix: `reissue it: ${reissueFix(cert, [], ["serverAuth"])}`,
    }),
  ];
}

function idText(id: Identity): string {
  return id.type === T.ID_IPV4_ADDR || id.type === T.ID_IPV6_ADDR
    ? id.printed
    : bytesText(id.encoding, "utf8");
}

function isIp(id: Identity): boolean {
  return id.type === T.ID_IPV4_ADDR || id.type === T.ID_IPV6_ADDR;
}

/** Findings of one client profile for the server id `id`. */
export function clientFindings(
  cert: Certificate,
  id: Identity,
  input: string,
  client: string,
  proof: IdentityProof,
  _opts: IdentityOptions,
): Finding[] {
  const out: Finding[] = [];
  const value = idText(id);
  switch (client) {
    case "android":
    case "networkmanager": {
      const who = client === "android" ? "the strongSwan Android app" : "NetworkManager (charon-nm)";
      if (proof.level === 0)
        out.push(
          finding("CLIENT_LOOSE_ID_NOT_CONFIRMED", {
            message: `${who} uses the server address '${input}' as a loose identity (${id.typeName}); the certificate must contain it as ${isIp(id) ? "an iPAddress SAN" : id.type === T.ID_DER_ASN1_DN ? "its subject DN" : "a dNSName SAN"}`,
            log: `constraint check failed: certificate does not confirm identity '${id.printed}' (${id.typeName})`,
            fix: `reissue it: ${reissueFix(cert, [isIp(id) ? value : id.type === T.ID_FQDN ? value : ""].filter(Boolean))}`,
          }),
        );
      out.push(...keyUsageFinding(cert));
      break;
    }
    case "apple": {
      const equal = cert.sans.some(
        (s) =>
          (s.idType === "ID_FQDN" && s.value === value) ||
          (isIp(id) && (s.idType === "ID_IPV4_ADDR" || s.idType === "ID_IPV6_ADDR") && s.value === value),
      );
      if (!equal)
        out.push(
          finding("CLIENT_APPLE_SAN_MISSING", {
            message: `iOS/macOS compare the configured server/remote id '${value}' with the SANs (never the CN); no SAN equals it`,
            fix: `reissue it: ${reissueFix(cert, [isIp(id) ? value : value], ["serverAuth"])}`,
          }),
        );
      out.push(...serverAuthFinding(cert, "iOS/macOS"));
      out.push(
        finding("CLIENT_APPLE_SEND_CERT", {
          message:
            "iOS/macOS send no CERTREQ by default, so charon sends its certificate only with send_cert = always",
        }),
      );
      if (cert.publicKey.algorithm === "ECDSA") out.push(finding("CLIENT_APPLE_ECDSA_MANUAL", {}));
      break;
    }
    case "windows": {
      out.push(...serverAuthFinding(cert, "Windows"));
      if (isIp(id) && !cert.sans.some((s) => s.idType === "ID_FQDN" && s.value === value))
        out.push(
          finding("CLIENT_WINDOWS_IP_NEEDS_DNS_SAN", {
            message: `Windows connects to '${value}' and looks for that text in a dNSName SAN; the certificate has none`,
            fix: `reissue it: ${reissueFix(cert, [`@${value}`], ["serverAuth"])}`,
          }),
        );
      if (
        id.type === T.ID_FQDN &&
        !cert.sans.some((s) => s.idType === "ID_FQDN" && s.value.toLowerCase() === value.toLowerCase())
      )
        out.push(
          finding("CLIENT_WINDOWS_NAME_ONLY_IN_CN", {
            message: `no dNSName SAN holds '${value}'; Windows then depends on the subject CN`,
            fix: `reissue it: ${reissueFix(cert, [value], ["serverAuth"])}`,
          }),
        );
      const k = cert.publicKey;
      if (
        !(k.algorithm === "RSA" || (k.algorithm === "ECDSA" && (k.curve === "P-256" || k.curve === "P-384")))
      )
        out.push(
          finding("CLIENT_WINDOWS_KEY_TYPE", {
            message: `the server key is ${k.algorithm}${k.curve ? ` ${k.curve}` : ""}; Windows accepts only RSA or ECDSA P-256/P-384`,
          }),
        );
      break;
    }
    case "strongswan":
      out.push(...keyUsageFinding(cert));
      break;
    default:
      throw new IkecertError(
        "USAGE",
        `unknown client profile "${client}" (android, apple, windows, networkmanager, strongswan)`,
      );
  }
  return out;
}

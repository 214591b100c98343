/**
 * One `ikecert chain` check, shared by the single command, `chain --batch` and folder scans so that
 * their answers are the same: the trusted and untrusted certificates (loaded once into a prepared
 * pool), then the end entity's file, then buildChain.
 */
import { buildChain } from "../../lib/checks/chain/build.js";
import type { PluginSettings } from "../../lib/checks/chain/plugins.js";
import { type ChainPool, type ChainPoolExtras, prepareChainPool } from "../../lib/checks/chain/pool.js";
import type { RevocationPolicy, RevocationSettings } from "../../lib/checks/chain/revocation.js";
import type { ChainResult } from "../../lib/checks/chain/types.js";
import { IkecertError } from "../../lib/errors.js";
import { finding } from "../../lib/findings/index.js";
import type { Finding } from "../../lib/findings/types.js";
import type { RdnMatching } from "../../lib/identity/dn.js";
import { readCertificates, type SourcedCertificate } from "../../lib/input/cert-file.js";
import type { Crl } from "../../lib/input/crl.js";
import { type LoadOptions, loadFile } from "../../lib/input/load.js";

/** The CAs and intermediates of a check, prepared once, with the findings about their files. */
export interface Trust {
  pool: ChainPool;
  /** CHAIN_FILE_MULTIPLE_CERTS of CA files */
  pre: Finding[];
}

async function certsOf(paths: string[], o: LoadOptions): Promise<SourcedCertificate[][]> {
  const { expandPaths } = await import("../paths.js");
  const out: SourcedCertificate[][] = [];
  for (const f of await expandPaths(paths))
    out.push((await loadFile(f, o)).items.filter((i): i is SourcedCertificate => i.kind === "certificate"));
  return out;
}

/** Load --ca (trusted: the first certificate of each file, as swanctl does) and --intermediate files. */
export async function loadTrust(
  ca: string[],
  intermediates: string[],
  o: LoadOptions,
  strongswan?: string,
  extras: ChainPoolExtras = {},
): Promise<Trust> {
  const pre: Finding[] = [];
  const trusted: SourcedCertificate[] = [];
  for (const certs of await certsOf(ca, o)) {
    if (certs[0]) trusted.push(certs[0]);
    if (certs.length > 1)
      pre.push(
        finding("CHAIN_FILE_MULTIPLE_CERTS", {
          message: `${certs[0]!.source.file} holds ${certs.length} certificates: swanctl and pki load only the first ("${certs[0]!.subject.printed}") from x509ca/`,
          file: certs[0]!.source.file,
        }),
      );
  }
  const untrusted = (await certsOf(intermediates, o)).flat();
  return { pool: prepareChainPool(trusted, untrusted, strongswan, extras), pre };
}

export interface ChainCheck {
  subject: string;
  result: ChainResult;
  /** what `--json` puts in `result` */
  json: {
    trusted: boolean;
    decidedBy: ChainResult["decidedBy"];
    chain: ChainResult["chain"];
    missingIssuer: ChainResult["missingIssuer"];
    certPolicies: string[];
    revocation: ChainResult["revocation"];
  };
}

export interface ChainCheckOptions {
  at: Date;
  rdnMatching: RdnMatching;
  strongswan?: string;
  /** certificate policy OIDs the connection requires (--policy, swanctl remote.cert_policy) */
  requiredPolicies?: readonly string[];
  /** CRLs charon holds (--crl, x509crl/): read once, the same array for every check of a run */
  crls?: Crl[];
  /** --revocation, swanctl remote.revocation */
  revocation?: RevocationPolicy;
  /** from --strongswan-conf: the certificate plugins' order and the revocation plugin's settings */
  plugins?: PluginSettings;
  revocationSettings?: RevocationSettings;
}

/** The end entity's file (read before the CAs, so its errors come first) — the first half of a check. */
export async function readEndEntity(certFile: string, o: LoadOptions): Promise<SourcedCertificate[]> {
  const inFile = await readCertificates(certFile, o);
  if (!inFile[0]) throw new IkecertError("WRONG_KIND", `${certFile}: holds no certificate`, certFile);
  return inFile;
}

/** Check the end entity (the first certificate of its file; the others count as sent by the peer). */
export function checkChain(
  certFile: string,
  inFile: SourcedCertificate[],
  trust: Trust,
  o: ChainCheckOptions,
): ChainCheck {
  const ee = inFile[0]!;
  const pre: Finding[] = [];
  if (inFile.length > 1)
    pre.push(
      finding("CHAIN_FILE_MULTIPLE_CERTS", {
        message: `${certFile} holds ${inFile.length} certificates: strongSwan loads only the first ("${ee.subject.printed}") from it; ikecert treats the rest as sent by the peer, but charon needs each of them in a file of its own (x509ca/)`,
        file: certFile,
      }),
    );
  // certificates after the first count as sent by the peer, before the --intermediate ones
  const pool =
    inFile.length > 1
      ? prepareChainPool(
          trust.pool.trusted,
          [...inFile.slice(1), ...trust.pool.untrusted],
          trust.pool.rules,
          {
            plugins: trust.pool.plugins,
            crls: trust.pool.crls,
          },
        )
      : trust.pool;
  const r = buildChain(ee, {
    trusted: pool.trusted as SourcedCertificate[],
    untrusted: pool.untrusted as SourcedCertificate[],
    pool,
    at: o.at,
    rdnMatching: o.rdnMatching,
    // the pool's rules: the release it was prepared for (loadTrust's strongswan)
    strongswan: o.strongswan ?? pool.rules,
    ...(o.requiredPolicies?.length ? { requiredPolicies: o.requiredPolicies } : {}),
    // the pool's plugins and CRLs (loadTrust's extras), so that buildChain reuses it
    plugins: pool.plugins,
    crls: pool.crls,
    ...(o.revocation ? { revocation: o.revocation } : {}),
    ...(o.revocationSettings ? { revocationSettings: o.revocationSettings } : {}),
  });
  r.findings.unshift(...pre, ...trust.pre);
  return {
    subject: ee.subject.printed,
    result: r,
    json: {
      trusted: r.trusted,
      decidedBy: r.decidedBy,
      chain: r.chain,
      missingIssuer: r.missingIssuer,
      certPolicies: r.certPolicies ?? [],
      revocation: r.revocation,
    },
  };
}

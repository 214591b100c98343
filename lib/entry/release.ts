/**
 * `ikecert/release`: which strongSwan release's rules apply. Release strings, the table of
 * behaviours that changed between releases, and the readers that find the installed release (the
 * dpkg database, a program's `--version` output); the root exports the three a script needs
 * (`chooseRelease`, `installedRelease`, `rulesFor`).
 *
 * @packageDocumentation
 * @module ikecert/release
 */
export {
  type AppliedRelease,
  type ChooseOptions,
  chooseRelease,
  type DetectOptions,
  daemonRelease,
  describeApplied,
  dpkgRelease,
  type InstalledRelease,
  installedRelease,
  namedRelease,
  PROGRAMS as VERSION_PROGRAMS,
  type ReleaseSource,
  releaseJson,
  type VersionProgram,
  versionInOutput,
} from "../input/strongswan-release.js";
export {
  DEFAULT_RELEASE,
  isValidRelease,
  NEWEST_RELEASE,
  OLDEST_RELEASE,
  VERIFIED_RELEASES,
} from "../release.js";
export {
  type Backport,
  BEHAVIOURS,
  type BehaviourName,
  type BehaviourSpec,
  describeRules,
  type ReleaseLike,
  type ResolvedRelease,
  type Rules,
  rulesFor,
} from "../rules.js";
